import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "@/lib/server/csv";

describe("CSV cells", () => {
  it.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ["+1+1", "'+1+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\r=1", `"'\r=1"`],
  ])("neutralises a formula: %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it("quotes separators, quotes and line breaks, and leaves plain text alone", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("ci-deploy")).toBe("ci-deploy");
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell(null)).toBe("");
  });

  it("ends rows with CRLF", () => {
    expect(csvRow(["a", null, "=x"])).toBe("a,,'=x\r\n");
  });
});
