import { describe, expect, it } from "vitest";
import { temporaryFailure } from "@/lib/server/busy";

// A connection to PostgreSQL lost under a request (the server restarted, a failover, a
// backend terminated): node-postgres then answers every query on that client with an Error
// that has no code, only this message. It means "retry", like a refused connection.
const NOT_QUERYABLE = "Client has encountered a connection error and is not queryable";

describe("a lost PostgreSQL connection", () => {
  it("is a temporary failure (503, retry), as node-postgres reports it and wrapped by Prisma's adapter", () => {
    const raw = new Error(NOT_QUERYABLE);
    expect(temporaryFailure(raw)).toEqual({ kind: "unavailable", retryAfterSeconds: 5 });
    const wrapped = Object.assign(new Error(`Invalid \`prisma.apiToken.delete()\` invocation:\n\n${NOT_QUERYABLE}`), {
      meta: { driverAdapterError: Object.assign(new Error("DriverAdapterError"), { cause: raw }) },
    });
    expect(temporaryFailure(wrapped)).toMatchObject({ kind: "unavailable" });
    expect(temporaryFailure(new Error("Client was closed and is not queryable by design of the test"))).toBeNull();
  });
});
