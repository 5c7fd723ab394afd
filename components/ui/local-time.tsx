"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

const localDate = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const localClock = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });
const utcDate = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const utcClock = new Intl.DateTimeFormat("en-GB", { timeStyle: "short", timeZone: "UTC" });

/**
 * A readable date and time in the reader's own time zone, with the exact ISO time on hover.
 * The server does not know that zone, so it renders UTC (labelled) and the browser re-renders
 * in local time after hydration, without a mismatch. In a table the time may go under the
 * date (`stacked`) until the screen is wide, or be left out (`dateOnly`: it stays on hover).
 */
export function LocalTime({ iso, dateOnly = false, stacked = false }: { iso: string; dateOnly?: boolean; stacked?: boolean }) {
  const isClient = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const at = new Date(iso);
  const day = (isClient ? localDate : utcDate).format(at);
  const clock = `${(isClient ? localClock : utcClock).format(at)}${isClient ? "" : " UTC"}`;
  return (
    <time dateTime={iso} title={iso} className="whitespace-nowrap">
      {day}
      {dateOnly ? null : stacked ? (
        <span className="block text-slate-600 2xl:inline 2xl:text-inherit">
          <span className="hidden 2xl:inline">, </span>
          {clock}
        </span>
      ) : (
        `, ${clock}`
      )}
    </time>
  );
}
