import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { appendEvent } from "@/lib/dal/audit";
import type { SessionUser } from "@/lib/dal/access";
import { syncClaimedTeams } from "@/lib/dal/teams";
import { sessionUserSelect } from "@/lib/dal/users";
import type { RequestMeta } from "@/lib/server/request-context";
import { env } from "@/lib/server/config.mjs";
import { writeTransaction, type Tx } from "@/lib/server/db";
import type { ProviderIdentity } from "@/lib/validation/sign-on";

// Single sign-on's accounts: a provider's subject (issuer and `sub`) names one account for good,
// once linked. The first sign-in links it: to the account with the same email when the provider
// has verified that email, else to a new account (the installation's first becomes its admin, as
// at sign-up; with SIGNUP=closed, as there, the first is made on the server only). An unverified
// email opens nothing: neither an existing account (whoever controls an unverified address at
// the provider would take it over) nor a new one (which would squat an address its owner may
// later sign up with). A disabled account stays shut whichever way it came.
// A link ends the account's password and sessions (whoever made it may not hold its address),
// and an account linked to a subject of the issuer takes no other subject of it by email.

export type SignOnRefusal =
  /** The provider sent no email (and no account is linked to this subject yet). */
  | "no_email"
  /** The provider has not verified the email (and no account is linked to this subject yet). */
  | "unverified"
  /** The account is disabled (offboarding). */
  | "disabled"
  /** The email's account is linked to another subject of this issuer: an email names no one for good. */
  | "linked_elsewhere"
  /** SIGNUP=closed and no account yet: the first (the admin) is made on the server, never by whoever the provider vouches for first. */
  | "no_admin_yet";

export type SignOn = { ok: true; user: SessionUser; provisioned: boolean } | { ok: false; reason: SignOnRefusal };

const REFUSAL_DETAILS: Record<SignOnRefusal, string> = {
  no_email: "the provider sent no email address",
  unverified: "the provider has not verified the email address",
  disabled: "the account is disabled",
  linked_elsewhere: "the account is linked to another subject of this provider",
  no_admin_yet: "the console has no account yet, and with SIGNUP=closed its first (the admin) is made on the server",
};

const userSelect = { ...sessionUserSelect, disabledAt: true } as const;

/**
 * Signs the person a provider vouched for in: finds, links or makes their account, keeps their
 * claimed teams in step (`teamClaim`), and audits what happened, in one transaction (unscoped:
 * it orders itself after every other write, as making the first account and a team's members
 * need). Returns the account to start a session for, or why none.
 */
export async function signOn(identity: ProviderIdentity, teamClaim: string | undefined, meta: RequestMeta): Promise<SignOn> {
  const run = () =>
    writeTransaction(async (tx): Promise<SignOn> => {
      const refuse = async (reason: SignOnRefusal, account?: { id: string; email: string }): Promise<SignOn> => {
        await appendEvent(tx, {
          action: "user.sso_refused",
          actor: { userId: account?.id ?? null, email: account?.email ?? identity.email },
          // Without an email, the provider's subject is all that says who tried.
          detail:
            account || identity.email ? REFUSAL_DETAILS[reason] : `${REFUSAL_DETAILS[reason]} (subject ${identity.subject.slice(0, 100)})`,
          meta,
        });
        return { ok: false, reason };
      };
      const linked = await tx.userIdentity.findUnique({
        where: { issuer_subject: { issuer: identity.issuer, subject: identity.subject } },
        select: { user: { select: userSelect } },
      });
      let found = linked?.user ?? null;
      let provisioned = false;
      if (!found) {
        if (!identity.email) return refuse("no_email");
        if (!identity.emailVerified) return refuse("unverified");
        found = await tx.user.findUnique({ where: { email: identity.email }, select: userSelect });
        if (found?.disabledAt) return refuse("disabled", found);
        if (found && (await tx.userIdentity.count({ where: { userId: found.id, issuer: identity.issuer } })) > 0)
          return refuse("linked_elsewhere", found);
        // SIGNUP=closed makes a fresh console's admin on the server (npm run admin -- create):
        // the first person a provider vouches for (any of its tenant's, for some anyone at all) is not it.
        if (!found && env().SIGNUP === "closed" && (await tx.user.count()) === 0) return refuse("no_admin_yet");
        // The account with that email is taken over (its password and sessions end), or one is made.
        provisioned = !found;
        found = found ? await takeOver(tx, found.id) : await provision(tx, identity, identity.email);
        await tx.userIdentity.create({
          data: { issuer: identity.issuer, subject: identity.subject, userId: found.id },
          select: { userId: true },
        });
        await appendEvent(tx, {
          action: provisioned ? "user.sso_provisioned" : "user.sso_linked",
          actor: { userId: found.id, email: found.email },
          detail: identity.issuer,
          meta,
        });
      } else {
        if (found.disabledAt) return refuse("disabled", found);
        await tx.userIdentity.update({
          where: { issuer_subject: { issuer: identity.issuer, subject: identity.subject } },
          data: { lastSeenAt: meta.at ?? new Date() },
          select: { userId: true },
        });
      }
      const { disabledAt: _disabled, ...user } = found;
      await appendEvent(tx, {
        action: "user.login_succeeded",
        actor: { userId: user.id, email: user.email },
        detail: "single sign-on",
        meta,
      });
      if (teamClaim && identity.teamKeys)
        await syncClaimedTeams(tx, { id: user.id, email: user.email }, identity.teamKeys, teamClaim, meta);
      return { ok: true, user, provisioned };
    });
  // Two first sign-ins of one person at once (two tabs): the loser of the race on the identity's
  // key, or on the new account's email, finds the winner's link when it runs again.
  try {
    return await run();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return run();
    throw error;
  }
}

/**
 * Before a link, nothing proved that whoever holds the account holds its email: open sign-up
 * checks no address, so anyone may have made it under someone else's, with a password of their
 * own. The provider's verified email is that proof: from the link on, the account is its
 * person's alone. Its password stops opening it (a reset link, sent to the address, can give it
 * one again) and every session it has ends; the new session is started on the new generation.
 */
async function takeOver(tx: Tx, userId: string) {
  await tx.session.deleteMany({ where: { userId } });
  return tx.user.update({
    where: { id: userId },
    data: { passwordHash: "", mustChangePassword: false, temporaryPasswordUntil: null, sessionVersion: { increment: 1 } },
    select: userSelect,
  });
}

async function provision(tx: Tx, identity: ProviderIdentity, email: string) {
  const isFirst = (await tx.user.count()) === 0;
  return tx.user.create({
    data: {
      email,
      name: identity.name ?? email.split("@")[0]!.slice(0, 100),
      // No password opens it (argon2 verifies nothing against ""): a reset link can give it one.
      passwordHash: "",
      role: isFirst ? "ADMIN" : "MEMBER",
      adminWelcomePending: isFirst,
    },
    select: userSelect,
  });
}
