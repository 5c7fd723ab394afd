import "server-only";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import { z } from "zod";
import { env } from "@/lib/server/config.mjs";
import { log } from "@/lib/server/log";

// GitHub's secret scanning keys are read again when a request names one we do not hold (GitHub
// rotates them), but at most once a minute, so that forged key ids cannot make us hammer GitHub.

const REREAD_MS = 60_000;
const MAX_KEYS_BYTES = 256 * 1024;

const keysDocument = z.object({
  public_keys: z.array(
    z.object({ key_identifier: z.string().min(1).max(256), key: z.string().min(1).max(4096), is_current: z.boolean().optional() }),
  ),
});

type Keys = Map<string, crypto.KeyObject>;
let keys: Keys | null = null;
let readAt = 0;
let reading: Promise<void> | null = null;

async function readDocument(): Promise<string> {
  const { GITHUB_SECRET_SCANNING_KEYS_FILE: file, GITHUB_SECRET_SCANNING_KEYS_URL: url } = env();
  if (file) return fs.readFile(file, "utf8");
  const response = await fetch(url, {
    headers: { Accept: "application/json", "User-Agent": "token-console" },
    signal: AbortSignal.timeout(5_000),
    redirect: "error",
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_KEYS_BYTES) throw new Error(`${url} sent more than ${MAX_KEYS_BYTES} bytes`);
  return text;
}

function parseKeys(text: string): Keys {
  const document = keysDocument.parse(JSON.parse(text));
  const parsed: Keys = new Map();
  for (const entry of document.public_keys) {
    try {
      const key = crypto.createPublicKey(entry.key);
      if (key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1") parsed.set(entry.key_identifier, key);
    } catch {
      // Not a key: skipped, as a key of another kind is.
    }
  }
  return parsed;
}

async function reread(): Promise<void> {
  readAt = Date.now();
  try {
    keys = parseKeys(await readDocument());
    log.info("github_keys.read", { keys: keys.size });
  } catch (error) {
    log.warn("github_keys.unavailable", { error: error instanceof Error ? error.message : String(error) });
  }
}

// "unknown": none such, even after reading again; "unavailable": never read.
export async function githubKey(id: string): Promise<crypto.KeyObject | "unknown" | "unavailable"> {
  const held = keys?.get(id);
  if (held) return held;
  if (Date.now() - readAt >= REREAD_MS) await (reading ??= reread().finally(() => (reading = null)));
  else if (reading) await reading;
  if (!keys) return "unavailable";
  return keys.get(id) ?? "unknown";
}

export function verifyGithubSignature(body: Buffer, key: crypto.KeyObject, signature: string): boolean {
  if (!/^[A-Za-z0-9+/]{40,200}={0,2}$/.test(signature)) return false;
  try {
    return crypto.verify("sha256", body, { key, dsaEncoding: "der" }, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}

// For tests.
export function forgetGithubKeys(): void {
  keys = null;
  readAt = 0;
}
