"use client";

import { ShieldAlert } from "lucide-react";
import { LocalTime } from "@/components/ui/local-time";
import { TokenNotices } from "@/components/ui/token-notices";
import type { LeakNoticeRow } from "@/lib/model";
import { dismissLeakNoticeAction } from "../actions";

/** Where a token was found: a link (the data layer keeps only web addresses), never followed for the reader. */
function FoundAt({ url }: { url: string | null }) {
  if (!url) return null;
  return (
    <>
      {" at "}
      <a href={url} rel="noopener noreferrer nofollow" className="font-medium break-all underline underline-offset-2">
        {url}
      </a>
    </>
  );
}

/**
 * The owner's notices of tokens found in public: what happened and where, until dismissed.
 * Shown above the listing; a revoked token is already gone from it.
 */
export function LeakNotices({ notices }: { notices: LeakNoticeRow[] }) {
  return (
    <TokenNotices
      notices={notices}
      label="Leaked tokens"
      tone="danger"
      icon={ShieldAlert}
      role="alert"
      dismissAction={dismissLeakNoticeAction}
    >
      {(notice) => (
        <>
          <p>
            <strong className="font-semibold">“{notice.tokenName}”</strong> ({notice.tokenPrefix}…){" "}
            {notice.revoked ? "was revoked on " : "was found in public on "}
            <LocalTime iso={notice.createdAt} />
            {notice.revoked ? " because it was found in public" : ""}
            <FoundAt url={notice.url} />
            {notice.url
              ? ""
              : notice.reporter === "github"
                ? " by GitHub secret scanning"
                : " and reported through the public revocation endpoint"}
            .
          </p>
          <p className="mt-1 text-red-800">
            {notice.revoked
              ? "Create a new token for the scripts that used it, and remove the old one from where it was found."
              : "It still works, and anyone may have it: roll or delete it now."}
          </p>
        </>
      )}
    </TokenNotices>
  );
}
