import "server-only";
import { MESSAGES, type ActionResult } from "@/lib/model";
import { sessionAuthenticatedAt } from "@/lib/dal/reauthentication";
import { env } from "@/lib/server/config.mjs";
import { readSessionCookie } from "@/lib/auth/sign-in";

// Sudo mode (GitHub's name): the changes that would let a stolen session mint or widen access
// (creating, rolling or enabling a token, widening its allowed IPs, approving, policies, an
// admin's revocations) need an authentication in the last SUDO_MODE_MINUTES. Checked here, on
// the server, inside each such action (userAction's `sudo` option); the page's dialog only asks.

export const sudoWindowMs = () => env().SUDO_MODE_MINUTES * 60_000;

/** Whether this request's session authenticated within the window. No session: no. */
export async function inSudoMode(now = Date.now()): Promise<boolean> {
  const claim = await readSessionCookie();
  if (!claim) return false;
  const at = await sessionAuthenticatedAt(claim);
  return at !== null && now - at.getTime() < sudoWindowMs() && at.getTime() <= now + 60_000;
}

/** The answer of an action that needs sudo mode outside it: nothing was done; the page asks, then sends the same input again. */
export const sudoRequired = (): ActionResult<never> => ({ ok: false, message: MESSAGES.sudoRequired, sudo: true });
