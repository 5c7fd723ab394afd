import "server-only";

// A cell a spreadsheet would evaluate gets a leading quote against formula injection (OWASP's
// advice). Written for speed: the audit export writes a million rows.

const NEEDS_QUOTES = /[",\r\n]/;
// = + - @ tab carriage-return
const FORMULA_START = new Set([61, 43, 45, 64, 9, 13]);

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "string" ? value : String(value);
  if (FORMULA_START.has(text.charCodeAt(0))) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: ReadonlyArray<string | number | null | undefined>, count = values.length): string {
  let line = csvCell(values[0]);
  for (let i = 1; i < count; i++) line += `,${csvCell(values[i])}`;
  return `${line}\r\n`;
}
