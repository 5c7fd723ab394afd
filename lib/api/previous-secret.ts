import "server-only";
import { apiError, MESSAGES } from "@/lib/api/responses";
import { recordApiDenied, type ApiPrincipal } from "@/lib/dal/tokens";
import { requestMeta } from "@/lib/server/request-context";

// A roll's overlap keeps the previous secret working so that deployed clients carry on while
// they pick up the new one. It is also what leaked, when a roll answers a leak: so the previous
// secret may call the platform but never manage API keys. Otherwise it could roll the key again
// (ending the owner's new secret and minting one only the holder of the leak knows), create
// keys of its own, change the allowed IPs or delete the key.

/** The 403 for a key-management request made with a previous secret (audited), or null. */
export async function refusePreviousSecret(request: Request, principal: ApiPrincipal): Promise<Response | null> {
  if (!principal.viaPreviousSecret) return null;
  const what = `${request.method} ${new URL(request.url).pathname}: made with the previous secret of a rolled key`;
  await recordApiDenied(principal, what, requestMeta(request.headers));
  return apiError(403, MESSAGES.previousSecret);
}
