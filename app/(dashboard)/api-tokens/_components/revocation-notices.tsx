"use client";

import { ShieldOff } from "lucide-react";
import { LocalTime } from "@/components/ui/local-time";
import { TokenNotices } from "@/components/ui/token-notices";
import type { RevocationNoticeRow } from "@/lib/model";
import { dismissRevocationNoticeAction } from "../actions";

/**
 * The owner's notices of tokens an admin revoked, until dismissed: the row is already gone from
 * the listing, and this says where it went (as a leaked token's notice does, beside it).
 */
export function RevocationNotices({ notices }: { notices: RevocationNoticeRow[] }) {
  return (
    <TokenNotices
      notices={notices}
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
