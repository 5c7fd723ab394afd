import { describe, expect, it, vi } from "vitest";

vi.mock("@node-rs/argon2", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@node-rs/argon2")>();
  return { ...actual, verify: vi.fn(actual.verify) };
});

import { verify } from "@node-rs/argon2";
import { verifyCredentials } from "@/lib/dal/users";
import { makeUser, TEST_META } from "@/test/fixtures";

// Enumeration by timing: an unknown email must cost what a wrong password costs. Measured as
// work, not time: each answer runs exactly one argon2id verification, with the same parameters.
describe("login timing", () => {
  it("verifies one argon2id hash for a wrong password and for an unknown email alike", async () => {
    const user = await makeUser({ email: "timing@example.test" });
    const verifications = vi.mocked(verify);
    verifications.mockClear();
    expect(await verifyCredentials(user.email, "a-wrong-password", TEST_META)).toBeNull();
    expect(verifications).toHaveBeenCalledTimes(1);
    const known = String(verifications.mock.calls[0]![0]);
    verifications.mockClear();
    expect(await verifyCredentials("nobody-at-all@example.test", "a-wrong-password", TEST_META)).toBeNull();
    expect(verifications).toHaveBeenCalledTimes(1);
    const unknown = String(verifications.mock.calls[0]![0]);
    const parameters = (hash: string) => hash.split("$").slice(1, 4).join("$");
    expect(parameters(unknown)).toBe(parameters(known));
    expect(parameters(known)).toBe("argon2id$v=19$m=19456,t=2,p=1");
  });
});
