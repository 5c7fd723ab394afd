"use client";

import { BellRing, ShieldOff } from "lucide-react";
import { LocalTime } from "@/components/ui/local-time";
import { TokenNotices } from "@/components/ui/token-notices";
import type { RevocationNoticeRow } from "@/lib/model";
import { dismissRevocationNoticeAction } from "../actions";
import { OWNER_NOTICE_WORDS } from "../words";

/**
 * The owner's notices of tokens an admin revoked, until dismissed: the row is already gone from
 * the listing, and this says where it went (as a leaked token's notice does, beside it).
 */
export function RevocationNotices({ notices }: { notices: RevocationNoticeRow[] }) {
  return (
    <TokenNotices
      notices={notices.filter((notice) => notice.kind === "revoked")}
      label="Revoked tokens"
      tone="warning"
      icon={ShieldOff}
      role="status"
      dismissAction={dismissRevocationNoticeAction}
    >
      {(notice) => (
        <>
          <p>
            Token <strong className="font-semibold break-all">“{notice.tokenName}”</strong> was revoked by an administrator on{" "}
            <LocalTime iso={notice.createdAt} />.
          </p>
          <p className="mt-1 text-amber-900">
            It ({notice.tokenPrefix}…) no longer works. If a script still needs access, create a new token for it; your administrator can
            tell you why it was revoked.
          </p>
        </>
      )}
    </TokenNotices>
  );
}

/**
 * What an admin, a policy or the inactivity rule did to a token that is still listed: approved or
 * denied (with the admin's reason), disabled (and by what). The row shows its state too; this
 * tells the news once, until dismissed, as the email does.
 */
export function DecisionNotices({ notices }: { notices: RevocationNoticeRow[] }) {
  const decisions = notices.filter((notice) => notice.kind !== "revoked");
  return (
    <TokenNotices
      notices={decisions}
      label={OWNER_NOTICE_WORDS.label}
      tone={decisions.every((notice) => notice.kind === "approved") ? "info" : "warning"}
      icon={BellRing}
      role="status"
      dismissAction={dismissRevocationNoticeAction}
    >
      {(notice) => (
        <>
          <p>
            Token <strong className="font-semibold break-all">“{notice.tokenName}”</strong> {OWNER_NOTICE_WORDS.what(notice)} on{" "}
            <LocalTime iso={notice.createdAt} />.
          </p>
          <p className="mt-1 break-words">{OWNER_NOTICE_WORDS.next(notice)}</p>
        </>
      )}
    </TokenNotices>
  );
}
