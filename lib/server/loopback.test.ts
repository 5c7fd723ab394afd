import { describe, expect, it } from "vitest";
import { isLoopbackAddress, isLoopbackHost } from "@/lib/server/loopback.mjs";

describe("isLoopbackHost", () => {
  it("is localhost and its subdomains, 127.0.0.0/8 and ::1, however they are spelled", () => {
    for (const host of [
      "localhost",
      "LOCALHOST.",
      "api.localhost",
      "127.0.0.1",
      "127.1.2.3",
      "::1",
      "[::1]",
      "0:0:0:0:0:0:0:1",
      "::ffff:127.0.0.1",
    ])
      expect(isLoopbackHost(host), host).toBe(true);
  });
  it("is nothing else: other names, the wildcard addresses, private ones", () => {
    for (const host of ["localhost.example.com", "0.0.0.0", "::", "10.0.0.1", "128.0.0.1", "example.com", "[2001:db8::1]"])
      expect(isLoopbackHost(host), host).toBe(false);
  });

  it("as an address to listen on, is a literal loopback address or plain localhost: a subdomain goes through the resolver", () => {
    for (const host of ["localhost", "127.0.0.1", "::1", "::ffff:127.0.0.1"]) expect(isLoopbackAddress(host), host).toBe(true);
    for (const host of ["metrics.localhost", "0.0.0.0", "::", "10.0.0.1"]) expect(isLoopbackAddress(host), host).toBe(false);
  });
});
