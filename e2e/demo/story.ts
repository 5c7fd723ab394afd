// What a demo story is: a title card, a short list of steps (each a caption and what to do) and
// an end card. Stories live in e2e/demo/stories/; the words and clicks come from
// e2e/support/console.ts.
import type { Browser, Page } from "@playwright/test";
import { uniqueUser, type Driver, type User } from "../support/console";
import { requestFrom } from "../support/server";
import type { PanelContent, TerminalLine } from "./overlay";

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
  /**
   * A driver for another person's browser (a teammate), or another device of the same person,
   * visible the same way; the video shows it while the step runs. `host: "localhost"`: the
   * console on that name rather than 127.0.0.1 (a passkey needs a name for its relying party).
   */
  otherDriver(who: string, options?: { host?: "localhost" }): Promise<Driver>;
  /** Shows an other driver's page again in a later step, captioned with that step (and `who`). */
  focusOn(other: Driver, who: string): Promise<void>;
  /**
   * Makes every session of `email` look as if it signed in three hours ago (past sudo mode's
   * window), in the database of the server the demo started. Only in steps marked `ownServer`.
   */
  signedInLongAgo(email: string): void;
  /**
   * The terminal panel: a real request and its real answer, shown on the page. A recorded demo
   * holds it long enough to read (the line that proves the point is marked).
   */
  terminal(title: string, lines: TerminalLine[]): Promise<void>;
  /** A window over the page (a public page with a pasted token, a file's preview), held like the terminal. */
  panel(title: string, aside: string, content: PanelContent): Promise<void>;
  /** Closes the terminal panel and any other panel. */
  closeTerminal(): Promise<void>;
  /** In a recorded demo, leaves what the page shows for a viewer to read (by default as long as a panel); nothing in fast mode. */
  hold(ms?: number): Promise<void>;
  /** Runs something the video should not show (a reload's flash, say): it keeps the last picture meanwhile. */
  offCamera<T>(run: () => Promise<T>): Promise<T>;
  /** The addresses of what the story's `services` started beside the console (its nginx, say); empty without. */
  services: Record<string, string>;
};

/** What a story starts beside the console, stopped when the story ends (however it ends). */
export type Services = { urls: Record<string, string>; stop(): Promise<void> };

export type Step = {
  caption: string;
  /** Runs the step and checks what it should show; may return another page to screenshot. */
  run(context: StepContext): Promise<Page | void>;
  /** Part of the short loop that becomes demo.gif. */
  gif?: boolean;
  /** Needs the server the demo started (it moves a session's clock): left out against --base-url, with a note. */
  ownServer?: boolean;
};

export type Story = {
  name: string;
  title: string;
  /** What a customer sees in this story, in their words: the title card and the storyboard. */
  points: string[];
  /** Before anything is shown (and not filmed): what the installation already has, e.g. its admin. */
  setup?(context: StepContext): Promise<void>;
  /**
   * Settings of the console's own server (e.g. TRUST_PROXY). A story that has some needs a fresh
   * server: it cannot run against --base-url.
   */
  serverEnv?: Record<string, string>;
  /**
   * Started once the console is up, before the setup (a service and the nginx in front of it):
   * `port()` gives a port for each. Whatever it started is stopped when the story ends, passed
   * or failed; if it fails itself, it stops what it had started first.
   */
  services?(consoleUrl: string, port: () => Promise<number>): Promise<Services>;
  steps: Step[];
  /** The GIF of the steps marked for it: the part of the screen it keeps, and where its captions go in that part. */
  gif?: { crop: { x: number; y: number; width: number; height: number }; captionX: number };
  /** The card the story ends on, over its last page. */
  end: { heading: string; points: string[] };
};

/** A person for a demo: "Ada Lovelace" is ada@example.com on a fresh server. */
export function demoPerson(name: string, freshServer: boolean): User {
  const first = name.split(" ")[0]!.toLowerCase();
  if (!freshServer) return { ...uniqueUser(`demo-${first}`), name };
  return { name, email: `${first}@example.com`, password: `${first}-demo-passphrase` };
}

export const step = (caption: string, run: Step["run"], options: { gif?: boolean; ownServer?: boolean } = {}): Step => ({
  caption,
  run,
  ...options,
});

/** A secret as a demo shows it: enough to recognise, never enough to use. */
export const masked = (secret: string) => `${secret.slice(0, 12)}…`;

/** Which lines of an answer's body to mark, besides its status line. */
type Marks = { mark?: RegExp };

/**
 * Calls the platform API for real and shows the request and the answer in the terminal panel.
 * `url` is a path on this server or a whole address (from a copied command, or a service behind
 * nginx: `title` then names what answers, in the panel's header).
 */
export async function callApi(
  context: StepContext,
  secret: string,
  url: string,
  { mark, body, title = "platform API", from }: Marks & { body?: object; title?: string; from?: string } = {},
) {
  const address = new URL(url, context.baseURL);
  // As the curl the terminal shows: the details panel names the client by its User-Agent.
  const headers: Record<string, string> = { Authorization: `Bearer ${secret}`, "User-Agent": "curl/8.5.0" };
  if (body) headers["Content-Type"] = "application/json";
  const payload = body && JSON.stringify(body);
  // From another of this machine's addresses (127.0.0.0/8 is all loopback): as a runner elsewhere would call.
  const response = from
    ? await requestFrom(from, address.href, { method: body ? "POST" : "GET", headers, body: payload }).then(
        (answer) => new Response(answer.body, { status: answer.status }),
      )
    : await fetch(address, { method: body ? "POST" : "GET", headers, body: payload });
  const shown = url.startsWith("/") ? address.pathname : address.href;
  const sent = body ? ` -d '${JSON.stringify(body)}'` : "";
  const via = from ? ` --interface ${from}` : "";
  return show(context, response, `$ curl${via} -H "Authorization: Bearer ${masked(secret)}" ${shown}${sent}`, mark, title);
}

/** Reports a token found in public to the public revocation endpoint, shown in the terminal panel. */
export async function reportLeak(context: StepContext, secret: string, { mark }: Marks = {}) {
  const path = "/v2/credentials/revoke";
  const response = await fetch(`${context.baseURL}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "User-Agent": "curl/8.5.0" },
    body: JSON.stringify({ credentials: [secret] }),
  });
  return show(context, response, `$ curl -X POST ${path} -d '{"credentials":["${masked(secret)}"]}'`, mark);
}

async function show(context: StepContext, response: Response, command: string, mark?: RegExp, title = "platform API") {
  const body = await response.json();
  const pretty = JSON.stringify(body, null, 2).split("\n");
  await context.terminal(`${title} · HTTP ${response.status}`, [
    { text: command, tone: "cmd" },
    { text: `HTTP/1.1 ${response.status} ${response.statusText}`, tone: response.ok ? "ok" : "bad", mark: true },
    ...pretty.slice(0, 16).map((text) => ({ text, mark: mark?.test(text) })),
    ...(pretty.length > 16 ? [{ text: "  …" }] : []),
  ]);
  return { status: response.status, body };
}
