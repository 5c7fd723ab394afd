import { z } from "zod";

// One rule for the text people give things (token names, display names), shared by the forms,
// the server actions and the API:
// - no C0/C1 controls (NUL, newline, tab, escape, DEL…), no line or paragraph separators
//   (U+2028, U+2029), and no bidirectional overrides, which can make a name read differently
//   from what it is ("Trojan Source");
// - well-formed Unicode: a lone UTF-16 surrogate cannot be stored or shown;
// - at least one visible character: a name of only spaces, zero-width characters, a BOM or
//   other blanks is refused.
// Emoji and other symbols, including zero-width joiners inside emoji, are ordinary text.
const FORBIDDEN = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u;
const INVISIBLE = /^[\p{Z}\p{Cf}\p{M}\s\u115F\u1160\u2800\u3164\uFFA0]*$/u;

export const BROKEN_TEXT_MESSAGE = "This text holds a broken character. Type it again.";

/** Counts what a person counts: code points, so that one emoji is one character. */
export function characterCount(value: string): number {
  return [...value].length;
}

/** A string that is well-formed Unicode: what every text field, passwords included, must be. */
export function wellFormedString(error: string) {
  return z.string({ error }).refine((value) => value.isWellFormed(), BROKEN_TEXT_MESSAGE);
}

/** A trimmed, single-line, human-readable text field of 1..max characters. */
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

/** Like displayText, but optional: empty (or only spaces) is "", anything else follows the same rules. */
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

/**
 * For text that others send us and that we only keep as a note (where a leak was found): the
 * text when it is well-formed, single-line and at most `max` characters, else nothing. Dropping
 * the note rather than refusing the message keeps what the message asks for (a revocation)
 * from hanging on a field no one needs.
 */
export function cleanNote(value: string | undefined, max: number): string | undefined {
  if (value === undefined || !value.isWellFormed() || FORBIDDEN.test(value)) return undefined;
  return characterCount(value) <= max ? value : undefined;
}
