import type { Metadata } from "next";
import { connection } from "next/server";
import { InvitationView } from "./_components/invitation-view";
import { INVITATION_WORDS } from "./words";

export const metadata: Metadata = { title: INVITATION_WORDS.title, referrer: "no-referrer" };

/** Where an invitation link lands. Rendered per request, so that its scripts carry the request's CSP nonce. */
export default async function InvitationPage() {
  await connection();
  return <InvitationView />;
}
