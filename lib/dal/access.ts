import "server-only";
import { MESSAGES } from "@/lib/model";
import { isAdmin, type Role } from "@/lib/scopes";

/** Who acts: a signed-in user, or the owner of the API token that authenticated a request. */
export type Actor = { id: string };

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
