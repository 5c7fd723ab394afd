import Link from "next/link";
import type { Catalogue } from "@/lib/permissions";
import { SCOPE_LABELS } from "@/lib/scopes";
import { templateLink } from "@/lib/token-template";

const code = "rounded bg-slate-100 px-1 font-mono text-[0.8125rem] text-slate-800";

/** The permission model as the API Docs page tells it: resources, presets, narrowing, template links. */
export function PermissionsSection({ catalogue }: { catalogue: Catalogue }) {
  const example = templateLink({ name: "ci-dns", permissions: ["dns:read", "account:read"], expiresInDays: 30 });
  return (
    <section aria-labelledby="permissions" className="mt-8 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="permissions" className="text-sm font-semibold text-slate-900">
        Permissions
      </h2>
      <div className="mt-2 space-y-2 text-sm leading-6 text-slate-600">
        <p>
          Each endpoint needs one permission, <code className={code}>resource:read</code> or <code className={code}>resource:write</code>;
          write includes read. A {SCOPE_LABELS.READ_ONLY} token holds every read, a {SCOPE_LABELS.WRITE} token everything, resources added
          later included; a {SCOPE_LABELS.CUSTOM} token holds exactly its list. A refusal is a 403{" "}
          <code className={code}>forbidden_scope</code> whose <code className={code}>missing_permissions</code> names what the token lacks.
        </p>
        <p>
          Permissions never widen. They narrow with <code className={code}>POST /v2/api/{"{id}"}/narrow</code>, or with{" "}
          <strong className="font-medium text-slate-800">Remove unused permissions</strong> in a token&apos;s details. A template link opens
          Create API Key filled in, for instance{" "}
          <Link href={example} className="font-mono text-[0.8125rem] break-all text-brand-600 hover:underline">
            {example}
          </Link>
          ; each endpoint below has one.
        </p>
      </div>
      {/* On a phone the name joins the description, so that the table fits without scrolling sideways. */}
      <div className="mt-4">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">The resources a permission can name</caption>
          <thead>
            <tr className="border-b border-slate-200 text-xs font-semibold tracking-wide text-slate-500 uppercase">
              <th scope="col" className="py-2 pr-4">
                Resource
              </th>
              <th scope="col" className="hidden py-2 pr-4 sm:table-cell">
                Name
              </th>
              <th scope="col" className="py-2">
                What it covers
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {catalogue.map((resource) => (
              <tr key={resource.id}>
                <td className="py-2 pr-4 align-top font-mono text-[0.8125rem] text-slate-800">{resource.id}</td>
                <td className="hidden py-2 pr-4 align-top text-slate-900 sm:table-cell">{resource.label}</td>
                <td className="py-2 align-top text-slate-600">
                  <span className="font-medium text-slate-900 sm:hidden">{resource.label}: </span>
                  {resource.description}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
