import { describe, expect, it } from "vitest";
import { scopeFromWriteFlag } from "@/lib/api/wire";
import { grantCovers } from "@/lib/permissions";
import { SCOPE_LABELS } from "@/lib/scopes";

describe("scopes", () => {
  it.each([["on"], ["1"], ["yes"], ["true"], [true], [1], [" ON "], ["Yes"]])("reads %j as Write", (value) => {
    expect(scopeFromWriteFlag(value)).toBe("WRITE");
  });

  it.each([["off"], ["0"], ["no"], ["false"], [false], [0], [undefined], [null], [""]])("reads %j as Read-Only", (value) => {
    expect(scopeFromWriteFlag(value)).toBe("READ_ONLY");
  });

  it.each([["maybe"], ["2"], [2], [{}], [[]], ["write"]])("refuses %j rather than guessing", (value) => {
    expect(scopeFromWriteFlag(value)).toBeNull();
  });

  it("labels scopes with the guide's words", () => {
    expect(SCOPE_LABELS).toEqual({ READ_ONLY: "Read-Only", WRITE: "Write", CUSTOM: "Custom" });
  });

  it("lets Write do what Read-Only does, and not the reverse", () => {
    const write = { scope: "WRITE", permissions: [] } as const;
    const readOnly = { scope: "READ_ONLY", permissions: [] } as const;
    expect(grantCovers(write, "api_keys:write")).toBe(true);
    expect(grantCovers(write, "api_keys:read")).toBe(true);
    expect(grantCovers(readOnly, "api_keys:read")).toBe(true);
    expect(grantCovers(readOnly, "api_keys:write")).toBe(false);
  });
});

describe("expiry arithmetic", () => {
  const now = Date.parse("2026-11-28T12:00:00.000Z");
  const DAY = 86_400_000;
  it("counts whole days from now, and a custom date to the end of that day, UTC", async () => {
    const { expiryOf } = await import("@/lib/model");
    expect(expiryOf("7", undefined, now)!.toISOString()).toBe("2026-12-05T12:00:00.000Z");
    expect(expiryOf("365", undefined, now)!.getTime()).toBe(now + 365 * DAY);
    expect(expiryOf("custom", "2026-12-01", now)!.toISOString()).toBe("2026-12-02T00:00:00.000Z");
    expect(expiryOf("never", undefined, now)).toBeNull();
    expect(expiryOf("custom", undefined, now)).toBeNull();
  });

  it("says expiring within 7 days, and expired from the instant itself", async () => {
    const { expiryStatus } = await import("@/lib/model");
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(expiryStatus(null, now)).toBe("active");
    expect(expiryStatus(iso(now + 7 * DAY + 1), now)).toBe("active");
    expect(expiryStatus(iso(now + 7 * DAY), now)).toBe("expiring");
    expect(expiryStatus(iso(now + 1), now)).toBe("expiring");
    expect(expiryStatus(iso(now), now)).toBe("expired");
  });

  it("offers only what the policy allows, and starts on its default", async () => {
    const { expirationChoices, defaultExpirationChoice } = await import("@/lib/model");
    const open = { defaultDays: 90, maxDays: null };
    expect(expirationChoices(open).map((c) => c.value)).toEqual(["7", "30", "90", "365", "custom", "never"]);
    expect(defaultExpirationChoice(open)).toBe("90");
    const capped = { defaultDays: 30, maxDays: 60 };
    expect(expirationChoices(capped).map((c) => c.value)).toEqual(["7", "30", "custom"]);
    expect(defaultExpirationChoice(capped)).toBe("30");
    // A default that is not one of the choices starts on the longest allowed.
    expect(defaultExpirationChoice({ defaultDays: 45, maxDays: 60 })).toBe("30");
  });

  it("the form refuses a past or too-late custom date, and choices the policy does not offer", async () => {
    const { createTokenSchema } = await import("@/lib/validation/api-token");
    const form = createTokenSchema({ defaultDays: 30, maxDays: 60 }, () => now);
    const message = (input: Record<string, unknown>) => {
      const result = form.safeParse({ name: "x", scope: "READ_ONLY", ...input });
      return result.success ? null : result.error.issues[0]!.message;
    };
    expect(message({ expiration: "custom", expiresOn: "2026-12-31" })).toBeNull();
    // The last day allowed: it ends at 00:00 the next day, 60 days from now at most.
    expect(message({ expiration: "custom", expiresOn: "2027-01-26" })).toBeNull();
    expect(message({ expiration: "custom", expiresOn: "2027-01-27" })).toBe(
      "Tokens may last at most 60 days here: choose an earlier date.",
    );
    expect(message({ expiration: "custom", expiresOn: "2026-11-27" })).toBe("Choose a date in the future.");
    // With no maximum of the installation's, the last day of 9999 ended in the year 10000: a 500.
    const unbounded = createTokenSchema({ defaultDays: 30, maxDays: null }, () => now);
    expect(
      unbounded.safeParse({ name: "x", scope: "READ_ONLY", expiration: "custom", expiresOn: "9999-12-31" }).error?.issues[0]?.message,
    ).toBe("Choose a date within the next 100 years, or no expiration.");
    expect(message({ expiration: "custom", expiresOn: "" })).toBe("Choose the date the token expires.");
    expect(message({ expiration: "custom", expiresOn: "2026-02-30" })).toBe("Choose the date the token expires.");
    expect(message({ expiration: "never" })).toBe("Tokens may last at most 60 days here: choose a shorter expiration.");
    expect(message({ expiration: "365" })).toBe("Tokens may last at most 60 days here: choose a shorter expiration.");
    expect(form.parse({ name: "x", scope: "READ_ONLY" }).expiration).toBe("30");
  });
});

describe("one date language", () => {
  it("says a custom date as the day that was picked, in the drawer and in the listing", async () => {
    const { describeExpiry, expiryOf, formatExpiryDay } = await import("@/lib/model");
    // 06/30/2027 in a US-format date field is the value "2027-06-30": stored as 1 July, 00:00 UTC.
    const expires = expiryOf("custom", "2027-06-30", Date.parse("2026-12-01T09:00:00.000Z"))!;
    expect(expires.toISOString()).toBe("2027-07-01T00:00:00.000Z");
    expect(describeExpiry(expires)).toBe("Works through 30 June 2027 (UTC)");
    expect(formatExpiryDay(expires)).toBe("30 Jun 2027");
  });

  it("says a lifetime in days as the moment it ends, on that moment's UTC day", async () => {
    const { describeExpiry, formatExpiryDay } = await import("@/lib/model");
    const expires = new Date("2026-12-08T09:05:30.000Z");
    expect(describeExpiry(expires)).toBe("Works until 8 December 2026, 09:05 (UTC)");
    expect(formatExpiryDay(expires)).toBe("8 Dec 2026");
    // A minute after midnight is still that day; midnight itself ends the day before.
    expect(formatExpiryDay(new Date("2027-01-01T00:01:00.000Z"))).toBe("1 Jan 2027");
    expect(formatExpiryDay(new Date("2027-01-01T00:00:00.000Z"))).toBe("31 Dec 2026");
  });

  it("writes moments day month year with a 24-hour clock, whatever the runtime's language", async () => {
    const { formatClock, formatDay } = await import("@/lib/model");
    const at = new Date("2026-03-04T17:45:00.000Z");
    expect(formatDay(at, { timeZone: "UTC" })).toBe("4 Mar 2026");
    expect(formatDay(at, { timeZone: "UTC", long: true })).toBe("4 March 2026");
    expect(formatClock(at, { timeZone: "UTC" })).toBe("17:45");
    // The reader's zone changes the day and the hour, never the order of the words.
    expect(formatDay(at, { timeZone: "Asia/Tokyo" })).toBe("5 Mar 2026");
    expect(formatClock(at, { timeZone: "America/Los_Angeles" })).toBe("09:45");
    expect(formatClock(new Date("2026-03-04T00:07:00.000Z"), { timeZone: "UTC" })).toBe("00:07");
    // Three letters for every month, on every runtime (some write "Sept").
    expect(formatDay(new Date("2026-09-08T10:00:00.000Z"), { timeZone: "UTC" })).toBe("8 Sep 2026");
  });
});
