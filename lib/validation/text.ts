import { z } from "zod";

// One rule for names, shared by the forms, the server actions and the API: bidirectional
// overrides can make a name read differently from what it is ("Trojan Source"); a lone UTF-16
// surrogate cannot be stored or shown; a name of only blanks is refused. Emoji (with their
// zero-width joiners) are ordinary text.
const FORBIDDEN = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u;
const INVISIBLE = /^[\p{Z}\p{Cf}\p{M}\s\u115F\u1160\u2800\u3164\uFFA0]*$/u;

/** The key a name is unique and sorted by: NFKC (width forms alike), then lower case. Tokens' and teams' names alike. */
export function nameKey(name: string): string {
  return name.normalize("NFKC").toLowerCase();
}

export const BROKEN_TEXT_MESSAGE = "This text holds a broken character. Type it again.";

// Code points, so that one emoji is one character.
export function characterCount(value: string): number {
  return [...value].length;
}

// Every text field, passwords included.
export function wellFormedString(error: string) {
  return z.string({ error }).refine((value) => value.isWellFormed(), BROKEN_TEXT_MESSAGE);
}

export function displayText(label: string, max: number) {
  return wellFormedString(`Enter ${label}.`)
    .transform((value) => value.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .refine((value) => !INVISIBLE.test(value), `Enter ${label}.`)
        .refine((value) => characterCount(value) <= max, `Use at most ${max} characters.`)
        .refine((value) => !FORBIDDEN.test(value), "Use letters, numbers, spaces and symbols only: no control characters or line breaks."),
    );
}

export function optionalDisplayText(label: string, max: number) {
  return wellFormedString(`Enter ${label}, or leave it empty.`)
    .transform((value) => value.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .refine((value) => value === "" || !INVISIBLE.test(value), `Enter ${label} in visible characters, or leave it empty.`)
        .refine((value) => characterCount(value) <= max, `Use at most ${max} characters.`)
        .refine((value) => !FORBIDDEN.test(value), "Use letters, numbers, spaces and symbols only: no control characters or line breaks."),
    );
}

// For text others send us that we only keep as a note (where a leak was found): dropped rather
// than refused, so that what the message asks for (a revocation) does not hang on it.
export function cleanNote(value: string | undefined, max: number): string | undefined {
  if (value === undefined || !value.isWellFormed() || FORBIDDEN.test(value)) return undefined;
  return characterCount(value) <= max ? value : undefined;
}
