import { defaultExpirationChoice, EXPIRATION_CHOICES, expirationChoices, type ExpiryPolicy } from "@/lib/model";
import type { Template } from "@/lib/token-template";
import type { CreateTokenInput } from "@/lib/validation/api-token";
import { TEMPLATE_WORDS } from "../words";

/** What the Create API Key form starts from: empty, or a template link's values, and what the link got wrong. */
export function formStart(policy: ExpiryPolicy, template: Template | null): { values: CreateTokenInput; problems: string[] } {
  const values: CreateTokenInput = {
    name: "",
    scope: "READ_ONLY",
    permissions: [],
    expiration: defaultExpirationChoice(policy),
    expiresOn: "",
    description: "",
    allowedIps: "",
    // Limits are not part of a template link: the form starts without them.
    rateLimitPerMinute: "",
    quota: "",
  };
  if (!template) return { values, problems: [] };
  const problems = [...template.problems];
  let expiration = values.expiration;
  if (template.expiration) {
    const offered = expirationChoices(policy).some((choice) => choice.value === template.expiration);
    const days = EXPIRATION_CHOICES.find((choice) => choice.value === template.expiration)?.days;
    // A day count this installation's policy does not offer: said, and the default chosen (a date is judged by the form).
    if (offered) expiration = template.expiration;
    else if (days && policy.maxDays !== null) problems.push(TEMPLATE_WORDS.tooLong(days, policy.maxDays));
    else if (template.expiration === "never" && policy.maxDays !== null) problems.push(TEMPLATE_WORDS.neverNotAllowed(policy.maxDays));
  }
  return {
    values: {
      ...values,
      name: template.name,
      description: template.description,
      scope: template.custom ? "CUSTOM" : template.preset,
      permissions: template.permissions,
      expiration,
      expiresOn: expiration === "custom" ? (template.expiresOn ?? "") : "",
      // One a line, as the box is written; the form judges them (at once, as the drawer opens).
      allowedIps: template.allowedIps.join("\n"),
    },
    problems,
  };
}
