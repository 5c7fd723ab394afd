import type { RequestMeta } from "@/lib/dal/audit";

/** The request facts the tests' direct DAL calls record: a documentation address. */
export const TEST_META: RequestMeta = { ip: "203.0.113.7", userAgent: "vitest" };
export const TEST_CONTEXT = { meta: TEST_META };
