import "server-only";
// CSV (RFC 4180) with cells neutralised against spreadsheet formula injection: a cell that a
// spreadsheet would evaluate (it begins with =, +, -, @, or a tab or carriage return) is
// prefixed with a single quote, so it is shown as text. OWASP's recommendation.

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: Array<string | number | null | undefined>): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
