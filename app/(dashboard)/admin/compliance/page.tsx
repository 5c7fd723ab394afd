import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdmin } from "@/lib/auth/session";
import { complianceReport } from "@/lib/dal/compliance";
import { ComplianceList } from "./_components/compliance-list";
import { COMPLIANCE_WORDS } from "./words";

export const metadata: Metadata = { title: COMPLIANCE_WORDS.title };

export default async function CompliancePage() {
  const admin = await requireAdmin();
  const report = await complianceReport(admin, null);
  return (
    <div>
      <PageHeader
        title={COMPLIANCE_WORDS.title}
        description={COMPLIANCE_WORDS.description}
        actions={
          <Link href="/admin/policies" className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline">
            {COMPLIANCE_WORDS.policies}
          </Link>
        }
      />
      <ComplianceList initial={report} />
    </div>
  );
}
