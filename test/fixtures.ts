// The one place tests make their data: accounts, admins and tokens through the real DAL (so
// every row is what the app itself would write), and the request facts those calls record.
import type { RequestMeta } from "@/lib/server/request-context";
import { startSession } from "@/lib/dal/sessions";
import { createToken, type ChangeContext } from "@/lib/dal/tokens";
import { changeRole } from "@/lib/dal/operator-accounts";
import { createUser, type SessionUser } from "@/lib/dal/users";
import { withImpliedReads } from "@/lib/permissions";
import type { Scope } from "@/lib/scopes";
import { setSessionCookie } from "@/lib/auth/sign-in";
import { db } from "@/lib/server/db";

/** The request facts the tests' direct DAL calls record: a documentation address. */
export const TEST_META: RequestMeta = { ip: "203.0.113.7", userAgent: "vitest" };
export const TEST_CONTEXT: ChangeContext = { meta: TEST_META };
export const TEST_PASSWORD = "test-user-password";

/** How package.json runs a TypeScript command (`npm run admin`, ...): the app's code, on Node. */
export const TS_CLI = ["--conditions=react-server", "--import", "tsx"];

let counter = 0;

/** A new account. The first one a database gets is its admin, as in the app. */
export async function makeUser(fields: { name?: string; email?: string; password?: string } = {}): Promise<SessionUser> {
  const n = counter++;
  const created = await createUser(
    {
      name: fields.name ?? `Test user ${n}`,
      email: fields.email ?? `user-${n}-${Date.now()}@example.test`,
      password: fields.password ?? TEST_PASSWORD,
    },
    TEST_META,
  );
  if (!created.ok) throw new Error(`could not create the test user: ${created.reason}`);
  return created.user;
}

/** A new account with the admin role, granted the way `npm run admin -- grant` does. */
export async function makeAdmin(fields: { name?: string; email?: string } = {}): Promise<SessionUser> {
  const user = await makeUser(fields);
  if (user.role === "ADMIN") return user;
  const granted = await changeRole(user.email, "ADMIN", { detail: "test", meta: TEST_META });
  if (!granted.ok) throw new Error(`could not make the test admin: ${granted.reason}`);
  return { ...user, role: "ADMIN" };
}

/**
 * Signs `user` in for the calls that follow, as the login action does: a session row and its
 * cookie in the jar of test/next-request.ts (which the test file must mock next/headers with).
 * `null` signs out by emptying the jar.
 */
export async function actAs(user: SessionUser | null): Promise<void> {
  const { cookieJar } = await import("@/test/next-request");
  cookieJar.clear();
  if (user) await setSessionCookie(await startSession(user, TEST_META));
}

/** `permissions`: a CUSTOM token's, with each write's read, as the forms and the API store them. */
export async function makeToken(
  owner: SessionUser,
  name: string,
  scope: Scope,
  permissions: readonly string[] = [],
  { expiresAt = null }: { expiresAt?: Date | null } = {},
) {
  const created = await createToken(owner, { name, scope, permissions: withImpliedReads(permissions), expiresAt }, TEST_CONTEXT);
  if (!created.ok) throw new Error(`could not create the test token: ${created.reason}`);
  return { secret: created.secret, token: created.token };
}

/** Every value of every row of every table in the database, read back as text. */
export async function everyStoredValue(): Promise<string[]> {
  if (process.env.TEST_PROVIDER === "postgresql") {
    const tables = await db.$queryRawUnsafe<{ name: string }[]>(
      `SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    // Each row as JSON text: every column, whatever its type (enums included), as PostgreSQL stores it.
    const rows = await Promise.all(
      tables.map(({ name }) => db.$queryRawUnsafe<{ row: string }[]>(`SELECT to_jsonb(t)::text AS "row" FROM "${name}" t`)),
    );
    return rows.flat().flatMap(({ row }) => Object.values(JSON.parse(row) as Record<string, unknown>).map((value) => String(value)));
  }
  const tables = (await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table'`)).map((t) => t.name);
  const rows = await Promise.all(tables.map((table) => db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}"`)));
  return rows.flat().flatMap((row) => Object.values(row).map((value) => (value instanceof Date ? value.toISOString() : String(value))));
}

/**
 * A team with its members and roles, written as the teams' DAL writes them (a team, one row per
 * member). `memberTokens`: the team's rule for what members may create.
 */
export async function makeTeam(
  members: ReadonlyArray<readonly [SessionUser, "owner" | "admin" | "member"]>,
  {
    name = `Team ${counter++} ${Date.now()}`,
    memberTokens = "read_only",
  }: { name?: string; memberTokens?: "read_only" | "none" | "any" } = {},
) {
  const { teamNameKey } = await import("@/lib/validation/teams");
  const team = await db.team.create({ data: { name, nameKey: teamNameKey(name), memberTokens }, select: { id: true, name: true } });
  await db.teamMember.createMany({ data: members.map(([user, role]) => ({ teamId: team.id, userId: user.id, role })) });
  return team;
}

/** `user` acting on `team`'s tokens through the console (the membership is checked by each statement). */
export const inTeam = (user: SessionUser, team: { id: string }) => ({ ...user, team: { id: team.id, via: "membership" as const } });
