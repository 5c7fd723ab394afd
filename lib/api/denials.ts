import "server-only";
import { apiError, tooManyRequests, MESSAGES } from "@/lib/api/responses";
import type { RequestMeta } from "@/lib/server/request-context";
import { recordApiDenied } from "@/lib/dal/tokens";
import { env } from "@/lib/server/config.mjs";
import { log } from "@/lib/server/log";
import { createLimiter } from "@/lib/server/rate-limit";
import { requestMeta } from "@/lib/server/request-context";
import { onShutdown } from "@/lib/server/shutdown.mjs";

// Refusals have a per-token allowance of their own: the holder of a stolen token refused for its
// address must not spend the owner's allowance and keep the owner's own clients at 429. They are
// audited at most once a minute per token and reason: the first at once (it is the news), the
// rest of the minute as one event with their count, so a flood is two rows a minute, not a write
// per request.

const WINDOW_MS = 60_000;
const refusalsPerToken = createLimiter({
  keyPrefix: "api-token-refused",
  points: env().API_REQUESTS_PER_TOKEN_PER_MINUTE,
  durationSeconds: 60,
});

export type DenialReason = "scope" | "address" | "endpoint" | "previous_secret" | "state";

/** The 403 for a refused request (429 past the token's allowance of refusals), audited as above. */
export async function refuseRequest(
  request: Request,
  principal: Principal,
  reason: DenialReason,
  detail: string,
  answer: string | (() => Response),
): Promise<Response> {
  const wait = await refusalsPerToken.consume(principal.tokenId);
  if (wait) return tooManyRequests(MESSAGES.tooManyRequests, wait);
  await noteDenial(principal, reason, detail, requestMeta(request.headers));
  return typeof answer === "string" ? apiError(403, answer) : answer();
}
type Principal = { tokenId: string; userId: string };
type Pending = { principal: Principal; detail: string; meta: RequestMeta; count: number; since: number };

/** When each token+reason was last written; a key is dropped once its minute is over and nothing is pending. */
const written = new Map<string, number>();
const pending = new Map<string, Pending>();
let timer: NodeJS.Timeout | undefined;

export async function noteDenial(principal: Principal, reason: DenialReason, detail: string, meta: RequestMeta, now = Date.now()) {
  const key = `${principal.tokenId} ${reason}`;
  if (written.size > 10_000) for (const [old, at] of written) if (now - at >= WINDOW_MS && !pending.has(old)) written.delete(old);
  const last = written.get(key);
  if (last === undefined || now - last >= WINDOW_MS) {
    if (!pending.has(key)) {
      written.set(key, now);
      try {
        await recordApiDenied(principal, detail, meta);
      } catch (error) {
        // Not lost: it waits with the minute's count, and the request is answered as it would be.
        written.set(key, now - WINDOW_MS + 1_000);
        pending.set(key, { principal, detail, meta, count: 1, since: now });
        schedule();
        log.warn("api.denied_deferred", { count: 1, error: String((error as { code?: string }).code ?? error) });
      }
      return;
    }
  }
  const entry = pending.get(key);
  if (entry) entry.count += 1;
  else pending.set(key, { principal, detail, meta, count: 1, since: now });
  schedule();
}

function schedule() {
  if (timer || pending.size === 0) return;
  const due = Math.min(...[...pending.keys()].map((key) => (written.get(key) ?? 0) + WINDOW_MS));
  timer = setTimeout(() => void flushDenials(), Math.max(0, due - Date.now())).unref();
}

const counted = ({ detail, count, since }: Pending, now: number) =>
  count === 1 ? detail : `${detail} (${count} requests refused like this in ${Math.max(1, Math.round((now - since) / 1000))} s)`;

/** Writes the counts whose minute is over (every count, with `all`: at shutdown, and in tests). */
export async function flushDenials({ all = false }: { all?: boolean } = {}): Promise<void> {
  timer = undefined;
  const now = Date.now();
  for (const [key, entry] of [...pending]) {
    if (!all && now - (written.get(key) ?? 0) < WINDOW_MS) continue;
    pending.delete(key);
    written.set(key, now);
    try {
      await recordApiDenied(entry.principal, counted(entry, now), entry.meta);
    } catch (error) {
      log.warn("api.denied_deferred", { count: entry.count, error: String((error as { code?: string }).code ?? error) });
      const again = pending.get(key);
      pending.set(key, again ? { ...entry, count: entry.count + again.count } : entry);
    }
  }
  for (const [key, at] of written) if (now - at >= WINDOW_MS && !pending.has(key)) written.delete(key);
  schedule();
}
onShutdown(() => flushDenials({ all: true }));
