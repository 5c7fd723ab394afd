import { z } from "zod";

// C0/C1 controls (NUL, newline, tab, escape, DEL...) and the bidirectional overrides that can
// make a name read differently from what it is ("Trojan Source"). Emoji and other symbols,
// including zero-width joiners inside emoji, are ordinary text and are allowed.
const FORBIDDEN = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

/** Counts what a person counts: code points, so that one emoji is one character. */
export function characterCount(value: string): number {
  return [...value].length;
}

/** A trimmed, single-line, human-readable text field of 1..max characters. */
export function displayText(label: string, max: number) {
  return z
    .string({ error: `Enter ${label}.` })
    .transform((value) => value.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .refine((value) => value.length > 0, `Enter ${label}.`)
        .refine((value) => characterCount(value) <= max, `Use at most ${max} characters.`)
        .refine((value) => !FORBIDDEN.test(value), "Use letters, numbers, spaces and symbols only: no control characters or line breaks."),
    );
}
