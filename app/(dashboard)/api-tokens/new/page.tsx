import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { catalogueFor } from "@/lib/permissions";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { readTemplate } from "@/lib/token-template";
import { ApiTokensView } from "../_components/api-tokens-view";
import { TEMPLATE_WORDS } from "../words";

export const metadata: Metadata = { title: TEMPLATE_WORDS.title };

/** Read on the server's clock, when the page is requested: a custom expiry day is counted from it. */
const templateOf = (query: Record<string, string | string[] | undefined>, viewer: { role: string }) =>
  readTemplate(query, catalogueFor(resourceCatalogue(), viewer), Date.now());

/**
 * A template link: the API Token screen with Create API Key open and filled in from the query
 * (name, description, permissions, expires_in_days). Nothing is created until Add New API; what
 * the link got wrong is said in the drawer. The listing under it is the first page.
 */
export default async function NewTokenPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  return <ApiTokensView searchParams={{}} template={templateOf(await searchParams, user)} />;
}
