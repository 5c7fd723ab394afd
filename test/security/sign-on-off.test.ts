import { describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));

import { NextRequest } from "next/server";
import { GET, POST } from "@/app/api/auth/[...nextauth]/route";

// Without OIDC_ISSUER (and its client), next-auth answers nothing: its CSRF token, its provider
// list and single sign-on's start are 404s, as for a console that never heard of it.
describe("next-auth's endpoints without single sign-on", () => {
  it("are all 404", async () => {
    for (const path of ["csrf", "providers", "signin", "error", "callback/oidc"]) {
      const response = await GET(new NextRequest(`http://127.0.0.1:3000/api/auth/${path}`), {
        params: Promise.resolve({ nextauth: path.split("/") }),
      });
      expect(response.status, path).toBe(404);
    }
    const start = await POST(
      new NextRequest("http://127.0.0.1:3000/api/auth/signin/oidc", {
        method: "POST",
        body: "csrfToken=x",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
      { params: Promise.resolve({ nextauth: ["signin", "oidc"] }) },
    );
    expect(start.status).toBe(404);
  });
});
