import "server-only";
import { refuseRequest } from "@/lib/api/denials";
import { MESSAGES } from "@/lib/api/responses";
import type { ApiPrincipal } from "@/lib/dal/tokens";

// A roll's overlap keeps the previous secret working so that deployed clients carry on while
// they pick up the new one. It is also what leaked, when a roll answers a leak: so the previous
// secret may call the platform but never manage API keys. Otherwise it could roll the key again
// (ending the owner's new secret and minting one only the holder of the leak knows), create
// keys of its own, change the allowed IPs or delete the key.

export async function refusePreviousSecret(request: Request, principal: ApiPrincipal): Promise<Response | null> {
  if (!principal.viaPreviousSecret) return null;
  const what = `${request.method} ${new URL(request.url).pathname}: made with the previous secret of a rolled key`;
  return refuseRequest(request, principal, "previous_secret", what, MESSAGES.previousSecret);
}
