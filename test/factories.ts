// Setup for the tests: an account and a token through the real DAL, or a thrown error.
import { createToken } from "@/lib/dal/tokens";
import { createUser, type SessionUser } from "@/lib/dal/users";
import type { ScopeValue } from "@/lib/validation/api-token";
import { TEST_CONTEXT, TEST_META } from "@/test/meta";

let counter = 0;

export async function makeUser(fields: { name?: string; email?: string } = {}): Promise<SessionUser> {
  const n = counter++;
  const created = await createUser(
    { name: fields.name ?? `Test user ${n}`, email: fields.email ?? `user-${n}-${Date.now()}@example.test`, password: "test-user-password" },
    TEST_META,
  );
  if (!created.ok) throw new Error(`could not create the test user: ${created.reason}`);
  return created.user;
}

export async function makeToken(owner: SessionUser, name: string, scope: ScopeValue) {
  const created = await createToken(owner, { name, scope }, TEST_CONTEXT);
  if (!created.ok) throw new Error(`could not create the test token: ${created.reason}`);
  return { secret: created.secret, token: created.token };
}
