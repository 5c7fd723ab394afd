import { describe, expect, it } from "vitest";
import { webhookFormSchema } from "@/lib/validation/webhooks";

// The Add endpoint form's one schema, as the page and its action both use it.
const form = (fields: Record<string, unknown>) =>
  webhookFormSchema.safeParse({ owner: "user", url: "https://hooks.example.com/tokens", events: ["*"], format: "standard", ...fields });
const errorsOf = (fields: Record<string, unknown>) => {
  const parsed = form(fields);
  return parsed.success ? {} : parsed.error.flatten().fieldErrors;
};

describe("the Add endpoint form", () => {
  it("takes a public URL, a description and events", () => {
    expect(form({ description: "  Alerts to #ops  ", events: ["token.leaked", "token.expiring"] })).toMatchObject({
      success: true,
      data: { description: "Alerts to #ops", events: ["token.leaked", "token.expiring"] },
    });
  });

  it("refuses a description with a line break, an escape sequence or a direction override", () => {
    for (const description of ["a\nb", "\u001b[31mred", "evil\u202etxt.exe", "tab\there"])
      expect(errorsOf({ description }).description, JSON.stringify(description)).toBeDefined();
  });

  it("refuses a URL with a control, a format or a space character: the URL shown is the one connected to", () => {
    for (const url of ["https://ex\u00adample.com/", "https://example.com/\u202e", "https://example.com/\u0085", "https://example.com/a b"])
      expect(errorsOf({ url }).url, JSON.stringify(url)).toEqual(["Enter a full http:// or https:// URL."]);
  });

  it("stores Every event alone when other events are ticked beside it, and each event once", () => {
    expect(form({ events: ["token.created", "*"] })).toMatchObject({ success: true, data: { events: ["*"] } });
    expect(form({ events: ["token.created", "token.created"] })).toMatchObject({ success: true, data: { events: ["token.created"] } });
    expect(errorsOf({ events: ["user.created"] }).events).toBeDefined(); // admins' events only
    expect(errorsOf({ events: [] }).events).toBeDefined();
  });
});
