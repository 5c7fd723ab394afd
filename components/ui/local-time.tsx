"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

const localFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const utcFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * A readable date and time in the reader's own time zone, with the exact ISO time on hover.
 * The server does not know that zone, so it renders UTC (labelled) and the browser re-renders
 * in local time after hydration, without a mismatch.
 */
export function LocalTime({ iso }: { iso: string }) {
  const isClient = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={iso} className="whitespace-nowrap">
      {isClient ? localFormat.format(date) : `${utcFormat.format(date)} UTC`}
    </time>
  );
}
