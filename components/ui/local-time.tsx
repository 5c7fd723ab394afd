"use client";

import { useSyncExternalStore } from "react";
import { formatClock, formatDay } from "@/lib/model";

const subscribe = () => () => {};

/**
 * A readable date and time ("1 Dec 2026, 14:05") in the reader's own time zone, with the exact
 * ISO time on hover. The server does not know that zone, so it renders UTC (labelled) and the
 * browser re-renders in local time after hydration, without a mismatch. In a table the time may
 * go under the date (`stacked`; one line again where the table's rows become cards, below xl),
 * or be left out (`dateOnly`: it stays on hover). `utc`: always in UTC, labelled (the audit log,
 * whose filters are in UTC: an auditor reads the times they filter by).
 */
export function LocalTime({
  iso,
  dateOnly = false,
  stacked = false,
  utc = false,
}: {
  iso: string;
  dateOnly?: boolean;
  stacked?: boolean;
  utc?: boolean;
}) {
  const isClient = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const at = new Date(iso);
  const inUtc = utc || !isClient;
  const zone = inUtc ? { timeZone: "UTC" } : {};
  const day = formatDay(at, zone);
  const clock = `${formatClock(at, zone)}${inUtc ? " UTC" : ""}`;
  return (
    <time dateTime={iso} title={iso} className="whitespace-nowrap" data-utc={utc || undefined}>
      {day}
      {dateOnly ? null : stacked ? (
        <span className="block max-xl:inline">
          <span className="hidden max-xl:inline">, </span>
          {clock}
        </span>
      ) : (
        `, ${clock}`
      )}
    </time>
  );
}
