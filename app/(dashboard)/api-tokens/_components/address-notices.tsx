"use client";

import { Globe, Pencil, Trash2 } from "lucide-react";
import Link from "next/link";
import { IpAddress } from "@/components/ui/ip-address";
import { LocalTime } from "@/components/ui/local-time";
import { TokenNotices } from "@/components/ui/token-notices";
import { tokenIntentPath, type AddressNoticeRow } from "@/lib/model";
import { dismissAddressNoticeAction } from "../actions";
import { ADDRESS_NOTICE_WORDS as WORDS } from "../words";

const LINK =
  "inline-flex min-h-9 items-center gap-1.5 rounded-md border bg-white px-3 py-1.5 text-sm font-medium shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2";

/**
 * The owner's notices of tokens used from an address they had not been used from for 30 days
 * (at most one an hour per token), until dismissed: where, with what and when, and the way to
 * Edit its allowed IPs or Delete it (the same links as the email's).
 */
export function AddressNotices({ notices }: { notices: AddressNoticeRow[] }) {
  return (
    <TokenNotices
      notices={notices}
      label={WORDS.label}
      tone="warning"
      icon={Globe}
      role="status"
      dismissAction={dismissAddressNoticeAction}
    >
      {(notice) => (
        <>
          <p>
            <strong className="font-semibold break-all">“{notice.tokenName}”</strong> ({notice.tokenPrefix}…) {WORDS.usedFrom}{" "}
            <IpAddress ip={notice.ip} className="text-[0.8125rem] font-semibold" />, {WORDS.client}{" "}
            <span className="font-semibold">{WORDS.clientName(notice.client)}</span>, {WORDS.on} <LocalTime iso={notice.seenAt} />.
          </p>
          <p className="mt-1 text-amber-900">{WORDS.advice}</p>
          <div className="mt-3 flex flex-wrap gap-2">
            <Link
              href={tokenIntentPath("edit", notice.tokenId)}
              scroll={false}
              aria-label={WORDS.editLabel(notice.tokenName)}
              className={`${LINK} border-amber-300 text-amber-950 hover:bg-amber-100 focus-visible:outline-amber-700`}
            >
              <Pencil className="size-4" aria-hidden="true" />
              {WORDS.edit}
            </Link>
            <Link
              href={tokenIntentPath("delete", notice.tokenId)}
              scroll={false}
              aria-label={WORDS.deleteLabel(notice.tokenName)}
              className={`${LINK} border-red-200 text-red-700 hover:bg-red-50 focus-visible:outline-red-700`}
            >
              <Trash2 className="size-4" aria-hidden="true" />
              {WORDS.delete}
            </Link>
          </div>
        </>
      )}
    </TokenNotices>
  );
}
