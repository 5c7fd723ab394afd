import "server-only";
import { loadSecrets } from "@/lib/runtime-config.mjs";

let cached: ReturnType<typeof loadSecrets> | undefined;

/** Read lazily, at the first request, so that `next build` never needs or creates secrets. */
export function secrets() {
  cached ??= loadSecrets();
  return cached;
}
