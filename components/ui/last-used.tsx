"use client";

import { useSyncExternalStore } from "react";
import { IpAddress } from "@/components/ui/ip-address";
import { LocalTime } from "@/components/ui/local-time";

const subscribe = () => () => {};
const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["minute", 60],
  ["hour", 3_600],
  ["day", 86_400],
];

/** "just now", "5 minutes ago", "2 hours ago", "yesterday", "12 days ago"; null past a month (a date reads better). */
export function timeAgo(iso: string, now: number): string | null {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return "just now";
  if (seconds >= 30 * 86_400) return null;
  const [unit, size] = STEPS.findLast(([, step]) => seconds >= step)!;
  return relative.format(-Math.floor(seconds / size), unit);
}

/** The browser's clock, to the minute; null on the server (it does not know the reader's clock). */
export function useMinute(): number | null {
  return useSyncExternalStore(
    subscribe,
    () => Math.floor(Date.now() / 60_000) * 60_000,
    () => null,
  );
}

/**
 * When a token was last used, as people say it ("5 minutes ago", the exact time on hover), and
 * under it the address it came from; the client ("Go SDK", "curl 8.5.0") on hover. The server
 * renders the date (it does not know the reader's clock and zone); the browser says it relatively.
 */
export function LastUsed({ iso, ip, client }: { iso: string | null; ip?: string | null; client?: string | null }) {
  const now = useMinute();
  if (!iso) return <span className="text-slate-500">Never</span>;
  const ago = now === null ? null : timeAgo(iso, now);
  return (
    <span className="inline-flex flex-col items-start" title={client ? `Client: ${client}` : undefined}>
      {ago ? (
        <time dateTime={iso} title={iso} className="whitespace-nowrap">
          {ago}
        </time>
      ) : (
        <LocalTime iso={iso} />
      )}
      {ip ? (
        <>
          <span className="sr-only">, from </span>
          <IpAddress ip={ip} className="text-slate-600" />
        </>
      ) : null}
      {client ? <span className="sr-only">, with {client}</span> : null}
    </span>
  );
}
