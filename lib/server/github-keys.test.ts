import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

// GitHub's keys fetched from a URL (a real HTTP server of this file's own, standing in for
// GitHub's meta endpoint): read when first needed, kept, read again for an unknown key id at
// most once a minute; a signature checked against them.

const served = { hits: 0, document: "", status: 200 };
const server = http.createServer((_request, response) => {
  served.hits++;
  response.writeHead(served.status, { "content-type": "application/json" }).end(served.document);
});
const address = vi.hoisted(() => ({ url: "" }));

const keyPair = () => crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const publish = (...keys: Array<[string, crypto.KeyObject]>) => {
  served.document = JSON.stringify({
    public_keys: keys.map(([id, key]) => ({
      key_identifier: id,
      key: key.export({ type: "spki", format: "pem" }).toString(),
      is_current: true,
    })),
  });
};

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  address.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/meta/public_keys/secret_scanning`;
  process.env.GITHUB_SECRET_SCANNING_KEYS_URL = address.url;
  delete process.env.GITHUB_SECRET_SCANNING_KEYS_FILE;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => vi.restoreAllMocks());

describe("GitHub's public keys from a URL", () => {
  it("are fetched when first needed, kept, and fetched again for an unknown id at most once a minute", async () => {
    const { forgetGithubKeys, githubKey, verifyGithubSignature } = await import("@/lib/server/github-keys");
    forgetGithubKeys();
    const first = keyPair();
    const second = keyPair();
    publish(["k1", first.publicKey]);
    const start = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(start);

    const key = await githubKey("k1");
    expect(key).toBeInstanceOf(crypto.KeyObject);
    expect(served.hits).toBe(1);
    const body = Buffer.from('[{"token":"x","type":"t"}]');
    const signature = crypto.sign("sha256", body, { key: first.privateKey, dsaEncoding: "der" }).toString("base64");
    expect(verifyGithubSignature(body, key as crypto.KeyObject, signature)).toBe(true);
    expect(verifyGithubSignature(Buffer.from(`${body} `), key as crypto.KeyObject, signature)).toBe(false);

    await githubKey("k1");
    expect(served.hits).toBe(1); // kept

    // GitHub rotates: k2 appears. A forged id within the minute does not make us fetch again.
    publish(["k1", first.publicKey], ["k2", second.publicKey]);
    clock.mockReturnValue(start + 30_000);
    expect(await githubKey("k2")).toBe("unknown");
    expect(await githubKey("forged")).toBe("unknown");
    expect(served.hits).toBe(1);
    clock.mockReturnValue(start + 61_000);
    expect(await githubKey("k2")).toBeInstanceOf(crypto.KeyObject);
    expect(served.hits).toBe(2);
    expect(await githubKey("forged")).toBe("unknown");
    expect(served.hits).toBe(2);
  });

  it("say unavailable (not unknown) when they were never read, and skip what is not a P-256 key", async () => {
    const { forgetGithubKeys, githubKey } = await import("@/lib/server/github-keys");
    forgetGithubKeys();
    served.status = 500;
    served.hits = 0;
    expect(await githubKey("k1")).toBe("unavailable");
    served.status = 200;
    const rsa = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const p384 = crypto.generateKeyPairSync("ec", { namedCurve: "secp384r1" });
    const good = keyPair();
    publish(["rsa", rsa.publicKey], ["p384", p384.publicKey], ["good", good.publicKey]);
    served.document = served.document.replace('"public_keys":[', '"public_keys":[{"key_identifier":"junk","key":"not a key"},');
    vi.spyOn(Date, "now").mockReturnValue(Date.now() + 120_000);
    expect(await githubKey("good")).toBeInstanceOf(crypto.KeyObject);
    expect(await githubKey("rsa")).toBe("unknown");
    expect(await githubKey("p384")).toBe("unknown");
    expect(await githubKey("junk")).toBe("unknown");
  });
});
