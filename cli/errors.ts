import { TOKEN_PREFIX } from "../lib/server/token-shape";

// The three ways `tkc` ends: 0 done, 1 refused (the server said no, failed, or could not be
// reached; a verify of an inactive token; a scan that found tokens), 2 a usage mistake (the
// command, a flag or an argument is wrong or missing: no request was made).
export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

/** A mistake in how tkc was called: its message and the command's usage go to stderr, exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** The server refused or failed, or could not be reached: its message goes to stderr, exit 1. */
export class Refused extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

// Longer than a display prefix (tkc_ and 8 characters): a secret, or enough of one to matter.
const TOKEN_ANYWHERE = new RegExp(`${TOKEN_PREFIX}[0-9A-Za-z]{9,}`, "g");

// What a terminal obeys rather than shows: C0 and C1 controls (escape sequences that clear the
// screen, retitle the window, move the cursor), DEL, and the bidirectional overrides that reorder
// what is read. Newlines stay in messages, which tkc writes on several lines itself.
const TERMINAL_CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROLS_AND_NEWLINES = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text from elsewhere (a server's answer, a file's name), made safe to print: each control shown as \u{…}, never obeyed. */
export const printable = (text: string, { newlines = false }: { newlines?: boolean } = {}) =>
  text.replace(newlines ? TERMINAL_CONTROLS : CONTROLS_AND_NEWLINES, (control) => `\\u{${control.codePointAt(0)!.toString(16)}}`);

/**
 * Every token-shaped string (or a long piece of one) cut to its first characters: no message
 * ever carries a secret, nor a control sequence a malicious server put in it.
 */
export const redact = (text: string) =>
  printable(
    text.replace(TOKEN_ANYWHERE, (found) => `${found.slice(0, 12)}…`),
    { newlines: true },
  );
