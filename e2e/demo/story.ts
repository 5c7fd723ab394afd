// What a demo story is: a title and a short list of steps, each a caption and what to do.
// Stories live in e2e/demo/stories/; the words and clicks come from e2e/support/console.ts.
import type { Browser, Page } from "@playwright/test";
import { uniqueUser, type Driver, type User } from "../support/console";
import type { TerminalLine } from "./overlay";

export type StepContext = {
  /** Clicks and types on the story's page: plainly in fast mode, visibly in a recorded demo. */
  driver: Driver;
  page: Page;
  browser: Browser;
  baseURL: string;
  /** An existing admin to log in as, when the demo runs against a server it did not start. */
  admin?: User;
  /** People to sign up: plain names on a fresh server, unique ones on a server already in use. */
  person(name: string): User;
  /** What the steps pass on to the steps after them (the user, a secret, ...). */
  state: Record<string, string>;
  /** A driver for another person's browser (a teammate), visible the same way. */
  otherDriver(): Promise<Driver>;
  /** The terminal panel: a real request and its real answer, shown on the page. */
  terminal(title: string, lines: TerminalLine[]): Promise<void>;
  closeTerminal(): Promise<void>;
};

export type Step = {
  caption: string;
  /** Runs the step and checks what it should show; may return another page to screenshot. */
  run(context: StepContext): Promise<Page | void>;
  /** Part of the short loop that becomes demo.gif. */
  gif?: boolean;
};

export type Story = { name: string; title: string; steps: Step[] };

/** A person for a demo: "Ada Lovelace" is ada@example.com on a fresh server. */
export function demoPerson(name: string, freshServer: boolean): User {
  const first = name.split(" ")[0]!.toLowerCase();
  if (!freshServer) return { ...uniqueUser(`demo-${first}`), name };
  return { name, email: `${first}@example.com`, password: `${first}-demo-passphrase` };
}

export const step = (caption: string, run: Step["run"], options: { gif?: boolean } = {}): Step => ({ caption, run, ...options });

/** A secret as a demo shows it: enough to recognise, never enough to use. */
export const masked = (secret: string) => `${secret.slice(0, 12)}…`;

/** Calls the platform API for real and shows the request and the answer in the terminal panel. */
export async function callApi(context: StepContext, secret: string, path: string) {
  // As the curl the terminal shows: the details panel names the client by its User-Agent.
  const response = await fetch(`${context.baseURL}${path}`, { headers: { Authorization: `Bearer ${secret}`, "User-Agent": "curl/8.5.0" } });
  return show(context, response, `$ curl -H "Authorization: Bearer ${masked(secret)}" ${new URL(path, context.baseURL).pathname}`);
}

/** Reports a token found in public to the public revocation endpoint, shown in the terminal panel. */
export async function reportLeak(context: StepContext, secret: string) {
  const path = "/v2/credentials/revoke";
  const response = await fetch(`${context.baseURL}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "User-Agent": "curl/8.5.0" },
    body: JSON.stringify({ credentials: [secret] }),
  });
  return show(context, response, `$ curl -X POST ${path} -d '{"credentials":["${masked(secret)}"]}'`);
}

async function show(context: StepContext, response: Response, command: string) {
  const body = await response.json();
  const pretty = JSON.stringify(body, null, 2).split("\n");
  await context.terminal(`platform API · HTTP ${response.status}`, [
    { text: command, tone: "cmd" },
    { text: `HTTP/1.1 ${response.status} ${response.statusText}`, tone: response.ok ? "ok" : "bad" },
    ...pretty.slice(0, 16).map((text) => ({ text })),
    ...(pretty.length > 16 ? [{ text: "  …" }] : []),
  ]);
  return { status: response.status, body };
}
