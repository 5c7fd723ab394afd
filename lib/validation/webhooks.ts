import { z } from "zod";
import { recordId } from "@/lib/validation/ids";
import { optionalDisplayText } from "@/lib/validation/text";
import { eventsFor, WEBHOOK_FORMATS, type WebhookKind } from "@/lib/webhook-events";

// The Add endpoint form: one schema for the page and its action. `owner` says whose events:
// "user" (my tokens), "installation" (every event; admins), or "team:<id>" (a team I manage).
// Whether the owner may be chosen, and whether the address is public, the server decides.

export const MAX_URL_LENGTH = 2000;

export const webhookOwner = z.union([
  z.enum(["user", "installation"]),
  z.string().regex(/^team:[A-Za-z0-9_-]{1,64}$/, "Choose whose events the endpoint receives."),
]);

export const kindOfOwner = (owner: string): WebhookKind =>
  owner === "installation" ? "installation" : owner.startsWith("team:") ? "team" : "user";

export const webhookFormSchema = z
  .object({
    owner: webhookOwner,
    url: z
      .string({ error: "Enter the receiver's URL." })
      .trim()
      .min(1, "Enter the receiver's URL.")
      .max(MAX_URL_LENGTH, `Use a URL of at most ${MAX_URL_LENGTH} characters.`)
      .refine(
        // No control, format (a soft hyphen, a direction override) or space character: a URL
        // shown as typed must be the one connected to.
        (value) => /^https?:\/\//i.test(value) && URL.canParse(value) && !/[\p{Cc}\p{Cf}\p{Z}\s]/u.test(value),
        "Enter a full http:// or https:// URL.",
      ),
    description: optionalDisplayText("a description", 200).default(""),
    events: z
      .array(z.string().max(64), { error: "Choose at least one event." })
      .min(1, "Choose at least one event.")
      .max(40)
      // Every event with some ticked besides is every event: stored as the one choice it is.
      .transform((events) => (events.includes("*") ? ["*"] : [...new Set(events)])),
    format: z.enum(WEBHOOK_FORMATS, { error: "Choose a format." }),
  })
  .superRefine((value, context) => {
    const allowed = eventsFor(kindOfOwner(value.owner));
    const unknown = value.events.filter((event) => event !== "*" && !allowed.includes(event));
    if (unknown.length > 0)
      context.addIssue({ code: "custom", path: ["events"], message: `Not an event these endpoints receive: ${unknown.join(", ")}.` });
  });
export type WebhookFormInput = z.input<typeof webhookFormSchema>;
export type WebhookFormValues = z.output<typeof webhookFormSchema>;

export const webhookIdSchema = z.object({ id: recordId });
export const webhookEnabledSchema = z.object({ id: recordId, enabled: z.boolean() });
