import type { Metadata } from "next";
import { listTokens } from "@/lib/dal/tokens";
import { requireUser } from "@/lib/session";
import { tokenListQuerySchema } from "@/lib/validation/api-token";
import { CreateTokenButton, CreateTokenProvider } from "./_components/create-token-button";
import { TokensTable } from "./_components/tokens-table";

export const metadata: Metadata = { title: "API Token" };

export default async function ApiTokensPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const query = tokenListQuerySchema.parse(await searchParams);
  const page = await listTokens(user, query);

  return (
    <CreateTokenProvider>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">API Token</h1>
          <p className="mt-1 max-w-2xl text-sm text-slate-500">
            Tokens let your scripts and CI call the platform API on your behalf. Each token is shown once, when you
            create it; delete a token to revoke it at once.
          </p>
        </div>
        <CreateTokenButton />
      </div>
      <TokensTable page={page} query={query} />
    </CreateTokenProvider>
  );
}
