// What tkc prints for people: aligned tables, and values shown plainly ("-" for none).
import { printable } from "./errors";

/** One value as a person reads it: what the server sent, on one line, with no control sequence obeyed. */
export const show = (value: unknown): string => {
  if (value === null || value === undefined || value === "") return "-";
  if (Array.isArray(value)) return value.length === 0 ? "-" : value.map(show).join(", ");
  return printable(String(value));
};

/** Columns padded to their widest cell, the last left unpadded. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}

/** Name-value lines, the names aligned. */
export function fields(pairs: ReadonlyArray<readonly [string, unknown]>): string {
  const width = Math.max(...pairs.map(([name]) => name.length));
  return pairs.map(([name, value]) => `${`${name}:`.padEnd(width + 1)}  ${show(value)}`).join("\n");
}

export const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
