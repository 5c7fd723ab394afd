import "server-only";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { cookies, headers } from "next/headers";
import type { SessionUser } from "@/lib/dal/access";
import { addPasskey, findPasskey, passkeyIds, recordPasskeyUse } from "@/lib/dal/passkeys";
import type { RequestMeta } from "@/lib/server/request-context";
import { requestOrigin } from "@/lib/server/request-context";
import { env } from "@/lib/server/config.mjs";
import { createLimiter } from "@/lib/server/rate-limit";
import { seal, unseal } from "@/lib/server/sealed";

// WebAuthn ceremonies. The challenge lives in a sealed cookie (lib/server/sealed.ts) naming the
// ceremony, the user it is for (none for a passwordless sign-in) and its expiry: the browser's
// copy of the challenge is never trusted, and each one is spent on its first answer.
// rpID and origin: the console's origin as the rest of the app decides it (PUBLIC_URL first).

const PURPOSE = "webauthn-challenge";
const MAX_AGE_S = 5 * 60;
const RP_NAME = "Token Console";
const spent = createLimiter({ keyPrefix: "webauthn-challenge-spent", points: 1, durationSeconds: MAX_AGE_S });

type Ceremony = "register" | "authenticate";
type Challenge = { k: Ceremony; u: string; c: string; e: number };

const cookieName = () => (env().PUBLIC_URL?.startsWith("https:") ? "__Host-token-console.webauthn" : "token-console.webauthn");

async function relyingParty(): Promise<{ origin: string; rpID: string }> {
  const origin = requestOrigin(await headers());
  return { origin, rpID: new URL(origin).hostname };
}

async function keepChallenge(kind: Ceremony, userId: string, challenge: string): Promise<void> {
  const value = seal(PURPOSE, JSON.stringify({ k: kind, u: userId, c: challenge, e: Date.now() + MAX_AGE_S * 1000 } satisfies Challenge));
  const secure = env().PUBLIC_URL?.startsWith("https:") ?? false;
  (await cookies()).set(cookieName(), value, { httpOnly: true, secure, sameSite: "strict", path: "/", maxAge: MAX_AGE_S });
}

/** The challenge for this ceremony and user, spent: a second answer to it finds none. */
async function takeChallenge(kind: Ceremony, userId: string): Promise<string | null> {
  const store = await cookies();
  const raw = store.get(cookieName())?.value;
  store.delete(cookieName());
  const opened = raw ? unseal(PURPOSE, raw) : null;
  if (!opened) return null;
  const challenge = JSON.parse(opened) as Challenge;
  if (challenge.k !== kind || challenge.u !== userId || challenge.e <= Date.now()) return null;
  if ((await spent.consume(challenge.c)) !== 0) return null;
  return challenge.c;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");

export async function passkeyRegistrationOptions(user: SessionUser): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { rpID } = await relyingParty();
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID,
    userName: user.email,
    userDisplayName: user.name,
    userID: new TextEncoder().encode(user.id),
    attestationType: "none",
    excludeCredentials: await passkeyIds(user.id),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  await keepChallenge("register", user.id, options.challenge);
  return options;
}

export async function registerPasskey(
  user: SessionUser,
  response: RegistrationResponseJSON,
  name: string,
  meta: RequestMeta,
): Promise<"added" | "taken" | "too_many" | "refused"> {
  const expectedChallenge = await takeChallenge("register", user.id);
  if (!expectedChallenge) return "refused";
  const { origin, rpID } = await relyingParty();
  const verified = await verifyRegistrationResponse({
    response,
    expectedChallenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: true,
  }).catch(() => null);
  if (!verified?.verified) return "refused";
  const { credential } = verified.registrationInfo;
  return addPasskey(
    user,
    { id: credential.id, name, publicKey: b64(credential.publicKey), counter: credential.counter, transports: credential.transports ?? [] },
    meta,
  );
}

/** For a signed-in user (the sign-in's second step, the sudo dialog): only their passkeys. None: any (passwordless sign-in). */
export async function passkeyAuthenticationOptions(userId: string | null): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { rpID } = await relyingParty();
  const options = await generateAuthenticationOptions({
    rpID,
    allowCredentials: userId ? await passkeyIds(userId) : [],
    userVerification: userId ? "preferred" : "required",
  });
  await keepChallenge("authenticate", userId ?? "", options.challenge);
  return options;
}

/**
 * The account a passkey's answer proves, or null. With `userId` (a second factor, sudo mode) the
 * passkey must be theirs; without, it is a passwordless sign-in: user verification is required.
 */
export async function verifyPasskeyAuthentication(response: AuthenticationResponseJSON, userId: string | null): Promise<string | null> {
  const expectedChallenge = await takeChallenge("authenticate", userId ?? "");
  if (!expectedChallenge || typeof response?.id !== "string") return null;
  const passkey = await findPasskey(response.id);
  if (!passkey || (userId && passkey.userId !== userId)) return null;
  if (!userId && response.response?.userHandle && response.response.userHandle !== b64(new TextEncoder().encode(passkey.userId)))
    return null;
  const { origin, rpID } = await relyingParty();
  const verified = await verifyAuthenticationResponse({
    response,
    expectedChallenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: userId === null,
    credential: {
      id: passkey.id,
      publicKey: new Uint8Array(Buffer.from(passkey.publicKey, "base64url")),
      counter: passkey.counter,
      transports: passkey.transports as AuthenticatorTransport[],
    },
  }).catch(() => null);
  if (!verified?.verified) return null;
  if (!(await recordPasskeyUse(passkey, verified.authenticationInfo.newCounter))) return null;
  return passkey.userId;
}
