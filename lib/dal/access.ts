import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { MESSAGES } from "@/lib/model";
import { isAdmin, type Role } from "@/lib/scopes";
import { MANAGER_ROLES, TEAM_ROLES, type TeamRole } from "@/lib/teams";
import type { WriteLock } from "@/lib/server/db";

/**
 * How an actor reaches a team's tokens: through a membership (the console: the write itself
 * checks that the person is still in the team, with a role that may do it), or as a team token
 * (the API: the token acts for its team, within its own grant).
 */
export type TeamReach = { id: string; via: "membership" | "token" };

/**
 * Who acts, and on whose tokens. `id` and `email` are the person (for a request made with a
 * token: its creator); without `team` they act on their own personal tokens, with it on the team's.
 */
export type Actor = { id: string; email: string; team?: TeamReach | null };

/** Whose tokens the actor reaches: the team's id, or their own. Team and user ids never collide (cuid). */
export const ownerIdOf = (actor: Actor): string => actor.team?.id ?? actor.id;

/** The roles that may change a team's tokens through the console (create has its own rule: lib/teams.ts). */
export const TOKEN_MANAGERS: readonly TeamRole[] = MANAGER_ROLES;

/**
 * The where clause that scopes a token read or write to what the actor reaches: part of the
 * statement itself, so that a membership ended a moment ago reaches nothing. `roles`: which team
 * roles may (reading: any member).
 */
export function ownedBy(
  actor: Actor,
  roles: readonly TeamRole[] = TEAM_ROLES,
): { ownerId: string; team?: Prisma.ApiTokenWhereInput["team"] } {
  if (!actor.team) return { ownerId: actor.id };
  if (actor.team.via === "token") return { ownerId: actor.team.id };
  return { ownerId: actor.team.id, team: { members: { some: { userId: actor.id, role: { in: [...roles] } } } } };
}

/** The lock a change to the actor's tokens takes: one owner's writes (its cap, its names) one at a time. */
export const ownerLock = (actor: Actor): WriteLock => (actor.team ? ["team", actor.team.id] : ["user", actor.id]);

/** A signed-in user as the DAL knows them: never a password hash. */
export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  sessionVersion: number;
  /** Signed in with a temporary password (npm run admin -- create): only a new password comes next. */
  mustChangePassword: boolean;
};

/** Thrown when a member reaches an admin function: every one checks, whatever called it. */
export class NotAuthorized extends Error {
  constructor() {
    super(MESSAGES.adminOnly);
  }
}

export function assertAdmin(actor: SessionUser): void {
  if (!isAdmin(actor)) throw new NotAuthorized();
}
