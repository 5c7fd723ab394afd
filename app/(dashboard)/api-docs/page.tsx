import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { API_OPERATIONS, curlExample, type ApiOperation } from "@/lib/api/operations";
import { templateLink } from "@/lib/token-template";
import { requestOrigin } from "@/lib/server/request-context";
import { requireUser } from "@/lib/auth/session";
import { INTROSPECT } from "@/lib/permissions";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { CodeBlock } from "./_components/code-block";
import { PermissionsSection } from "./_components/permissions-section";

export const metadata: Metadata = { title: "API Docs" };

const METHOD_STYLE: Record<ApiOperation["method"], string> = {
  get: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  post: "bg-brand-50 text-brand-700 ring-brand-600/20",
  patch: "bg-amber-50 text-amber-800 ring-amber-600/20",
  delete: "bg-red-50 text-red-700 ring-red-600/20",
};

const permissionText = (op: ApiOperation) =>
  op.permission ?? (op.bearer ? "By route rules" : op.ownRecord ? "Any valid token" : "No token");

/** Renders `code` spans of the operation descriptions; everything else stays text. */
function Prose({ text }: { text: string }) {
  return (
    <p className="mt-2 text-sm leading-6 text-slate-600">
      {text.split(/(`[^`]+`)/g).map((part, i) =>
        part.startsWith("`") ? (
          <code key={i} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.8125rem] text-slate-800">
            {part.slice(1, -1)}
          </code>
        ) : (
          part
        ),
      )}
    </p>
  );
}

export default async function ApiDocsPage() {
  const user = await requireUser();
  const baseUrl = `${requestOrigin(await headers())}/v2`;

  return (
    <div>
      <PageHeader
        title="API Docs"
        description={
          <>
            The platform API your tokens unlock. It speaks the cloud platform&apos;s v2 dialect, so its clients work here by changing only
            their base URL. Generated from the{" "}
            <a href="/v2/openapi.json" className="font-medium text-brand-600 hover:underline">
              OpenAPI document
            </a>{" "}
            this server publishes.
          </>
        }
      />

      <section
        aria-labelledby="basics"
        className="mt-8 grid gap-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:grid-cols-2"
      >
        <div>
          <h2 id="basics" className="text-sm font-semibold text-slate-900">
            Base URL
          </h2>
          <p className="mt-2 font-mono text-sm break-all text-slate-800">{baseUrl}</p>
        </div>
        <div>
          <h2 className="text-sm font-semibold text-slate-900">Authentication</h2>
          <p className="mt-2 text-sm text-slate-600">
            Send a token from the{" "}
            <Link href="/api-tokens" className="font-medium text-brand-600 hover:underline">
              API Token
            </Link>{" "}
            page as <code className="rounded bg-slate-100 px-1 font-mono text-[0.8125rem]">Authorization: Bearer &lt;token&gt;</code>.
            Tokens in query strings are refused. Errors are{" "}
            <code className="rounded bg-slate-100 px-1 font-mono text-[0.8125rem]">{'{"status":"error","message":…}'}</code> with 401, 403,
            404, 413, 422 or 429.
          </p>
        </div>
      </section>

      <PermissionsSection catalogue={resourceCatalogue()} />

      <div className="mt-8 space-y-6">
        {API_OPERATIONS.map((op) => (
          <section
            key={`${op.method} ${op.path}`}
            aria-label={`${op.method.toUpperCase()} ${op.path}`}
            className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
          >
            <div className="flex flex-wrap items-center gap-3">
              <span
                className={`rounded-md px-2 py-0.5 font-mono text-xs font-semibold uppercase ring-1 ring-inset ${METHOD_STYLE[op.method]}`}
              >
                {op.method}
              </span>
              <code className="font-mono text-sm font-medium break-all text-slate-900">/v2{op.path}</code>
              <span className="ml-auto flex flex-wrap items-center gap-3">
                <span className="rounded-full bg-slate-100 px-2.5 py-0.5 font-mono text-xs font-medium text-slate-600">
                  {permissionText(op)}
                </span>
                {/* tokens:introspect is an admin's to grant: a member gets no link to a form that would refuse it. */}
                {op.permission && (op.permission !== INTROSPECT || user.role === "ADMIN") ? (
                  <Link
                    href={templateLink({ permissions: [op.permission] })}
                    className="text-sm font-medium text-brand-600 hover:underline"
                    // Which endpoint, after what is shown: the name begins with the visible words (WCAG 2.5.3, label in name).
                    aria-label={`Create a token for this: ${op.summary}`}
                  >
                    Create a token for this
                  </Link>
                ) : null}
              </span>
            </div>
            <h2 className="mt-3 text-base font-semibold text-slate-900">{op.summary}</h2>
            <Prose text={op.description} />
            <div className="mt-4 grid gap-4 lg:grid-cols-2">
              <CodeBlock label="Request" code={curlExample(op, baseUrl)} />
              <CodeBlock label="Response" code={JSON.stringify(op.response.example, null, 2)} />
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}
