import type { Metadata } from "next";
import { ApiTokensView } from "./_components/api-tokens-view";
import { LISTING_WORDS } from "./words";

export const metadata: Metadata = { title: LISTING_WORDS.title };

export default async function ApiTokensPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return <ApiTokensView searchParams={await searchParams} />;
}
