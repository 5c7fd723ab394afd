import "server-only";
import { UAParser } from "ua-parser-js";

export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return "Unknown";
  if (/^go-http-client|\bgo-utho\b|utho-go/i.test(userAgent)) return "Go SDK";
  const { browser, os } = UAParser(userAgent);
  // A script names itself in its first product token: "curl/8.5.0" is "curl 8.5.0".
  const product = userAgent.split(/\s/)[0]!.replace("/", " ").slice(0, 40);
  const name = browser.name ? `${browser.name}${browser.major ? ` ${browser.major}` : ""}` : product || "Unknown";
  return os.name ? `${name} on ${os.name}` : name;
}
