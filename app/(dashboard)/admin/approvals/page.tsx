import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdmin } from "@/lib/auth/session";
import { pendingTokens } from "@/lib/dal/approvals";
import { ApprovalsQueue } from "./_components/approvals-queue";
import { APPROVAL_WORDS } from "./words";

export const metadata: Metadata = { title: APPROVAL_WORDS.title };

export default async function ApprovalsPage() {
  const admin = await requireAdmin();
  const tokens = await pendingTokens(admin);
  return (
    <div>
      <PageHeader title={APPROVAL_WORDS.title} description={APPROVAL_WORDS.description} />
      <ApprovalsQueue tokens={tokens} />
    </div>
  );
}
