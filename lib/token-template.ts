import { DAY_MS, EXPIRATION_CHOICES, type ExpirationChoice } from "@/lib/model";
import { checkPermissions, describeProblem, MAX_PERMISSIONS, type Catalogue } from "@/lib/permissions";

// Template links: `/api-tokens/new?name=ci-dns&description=…&permissions=dns:read,account:read&expires_in_days=30`
// opens the Create drawer filled in. Besides: `scope=read_only|write` (Custom is implied by
// `permissions`), `allowed_ips=203.0.113.0/24,2001:db8::/32`, and `expires=never` or
// `expires_on=YYYY-MM-DD` instead of `expires_in_days`; nothing is made until the user presses Add New API. A team
// puts such a link in its docs ("create the token you need"); the drawer's Copy link to this
// form makes one, and the API Docs page offers one beside each endpoint. Client-safe.

export const TEMPLATE_PATH = "/api-tokens/new";

/** A preset a link may name; Custom is implied by `permissions`. */
export type TemplatePreset = "READ_ONLY" | "WRITE";
const PRESETS: Record<string, TemplatePreset> = { read_only: "READ_ONLY", write: "WRITE" };

export type TemplateFields = {
  name?: string;
  description?: string;
  /** A preset; left out when `permissions` are given (they make the token Custom). */
  scope?: TemplatePreset;
  permissions?: readonly string[];
  allowedIps?: readonly string[];
  /** One of: a number of days, no expiration, or the day it expires (YYYY-MM-DD, UTC). */
  expiresInDays?: number;
  expiresNever?: boolean;
  expiresOn?: string;
};

/** A template link, relative to the console (the drawer makes it absolute with the page's origin). */
export function templateLink(fields: TemplateFields): string {
  const query = new URLSearchParams();
  if (fields.name) query.set("name", fields.name);
  if (fields.description) query.set("description", fields.description);
  if (fields.permissions?.length) query.set("permissions", fields.permissions.join(","));
  else if (fields.scope) query.set("scope", fields.scope.toLowerCase());
  if (fields.allowedIps?.length) query.set("allowed_ips", fields.allowedIps.join(","));
  if (fields.expiresInDays) query.set("expires_in_days", String(fields.expiresInDays));
  else if (fields.expiresNever) query.set("expires", "never");
  else if (fields.expiresOn) query.set("expires_on", fields.expiresOn);
  // Commas, colons and slashes read better unescaped, and are safe in a query.
  const text = query.toString().replaceAll("%2C", ",").replaceAll("%3A", ":").replaceAll("%2F", "/");
  return text ? `${TEMPLATE_PATH}?${text}` : TEMPLATE_PATH;
}

/** What a template link fills in, and what it got wrong (said in the drawer, never dropped silently). */
export type Template = {
  name: string;
  description: string;
  /** Known permissions only; a Custom token when there is any, or when the link asked for one. */
  permissions: string[];
  custom: boolean;
  /** The preset the link names (Read-Only when it names none); ignored when `custom`. */
  preset: TemplatePreset;
  /** The addresses and ranges, as listed: the form's own rules judge them. */
  allowedIps: string[];
  expiration: ExpirationChoice | null;
  /** For an expires_on, or an expires_in_days no choice offers: the day, as the Custom date. */
  expiresOn: string | null;
  problems: string[];
};

const MAX_PERMISSIONS_TEXT = 8_000;
// The form's own cap on its Allowed IPs box.
const MAX_ALLOWED_IPS_TEXT = 4_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const isCalendarDay = (value: string) =>
  ISO_DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
/** A value quoted in a problem: short, so that a long one cannot push the rest of the message away. */
const quoted = (value: string) => `“${value.length > 40 ? `${value.slice(0, 40)}…` : value}”`;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

/** Reads a template link's query. Lengths are capped; the form's own rules judge the values. */
export function readTemplate(query: Record<string, string | string[] | undefined>, catalogue: Catalogue, now: number): Template {
  const problems: string[] = [];
  // `?permissions=a&permissions=b` asks for both, as `?permissions=a,b` does.
  const text = [query.permissions ?? []].flat().join(",");
  const entries = text
    .slice(0, MAX_PERMISSIONS_TEXT)
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const listed = entries.slice(0, MAX_PERMISSIONS);
  // What is past the caps is said, not dropped: the drawer would otherwise show a shorter list as the link's.
  if (text.length > MAX_PERMISSIONS_TEXT || entries.length > MAX_PERMISSIONS)
    problems.push(`The link lists more permissions than this console reads: only its first ${listed.length} were read.`);
  let permissions: string[] = [];
  if (listed.length) {
    const checked = checkPermissions(listed, catalogue);
    if (checked.ok) permissions = checked.permissions;
    else {
      problems.push(`The link asks for permissions this console does not offer. ${describeProblem(checked)}`);
      const bad = new Set([...checked.malformed, ...checked.unknown]);
      const known = checkPermissions(
        listed.filter((entry) => !bad.has(entry)),
        catalogue,
      );
      permissions = known.ok ? known.permissions : [];
    }
  }
  let preset: TemplatePreset = "READ_ONLY";
  const scopeText = first(query.scope);
  if (scopeText) {
    // Own keys only: `constructor` or `__proto__` would name Object's, which no page can render.
    const named = Object.hasOwn(PRESETS, scopeText.toLowerCase()) ? PRESETS[scopeText.toLowerCase()] : undefined;
    // `custom` with permissions is what they imply; anything else is said as what the form chose.
    const implied = scopeText.toLowerCase() === "custom" && listed.length > 0;
    if (!named) {
      if (!implied)
        problems.push(
          listed.length
            ? `The link's scope (${quoted(scopeText)}) is neither read_only nor write: the token is Custom, with the permissions listed.`
            : `The link's scope (${quoted(scopeText)}) is neither read_only nor write: Read-Only is chosen (list permissions for a Custom token).`,
        );
    } else if (listed.length)
      problems.push(
        `The link asks for ${named === "WRITE" ? "Write" : "Read-Only"} and lists permissions too: the token is Custom, with those permissions.`,
      );
    else preset = named;
  }

  const ipsText = [query.allowed_ips ?? []].flat().join(",");
  if (ipsText.length > MAX_ALLOWED_IPS_TEXT)
    problems.push(`The link's allowed_ips is longer than this console reads: only its first ${MAX_ALLOWED_IPS_TEXT} characters were read.`);
  const allowedIps = ipsText
    .slice(0, MAX_ALLOWED_IPS_TEXT)
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);

  let expiration: ExpirationChoice | null = null;
  let expiresOn: string | null = null;
  const daysText = first(query.expires_in_days);
  const expiresText = first(query.expires);
  const onText = first(query.expires_on);
  const given = [daysText && "expires_in_days", expiresText && "expires", onText && "expires_on"].filter(Boolean);
  if (given.length > 1) problems.push(`The link gives more than one expiration (${given.join(", ")}): only ${given[0]} was read.`);
  if (daysText) {
    const days = /^\d{1,4}$/.test(daysText) ? Number(daysText) : NaN;
    if (!(days >= 1 && days <= 3650))
      problems.push(`The link's expires_in_days (${quoted(daysText)}) is not a number of days from 1 to 3650.`);
    else {
      const choice = EXPIRATION_CHOICES.find((entry) => entry.days === days);
      if (choice) expiration = choice.value;
      else {
        expiration = "custom";
        expiresOn = new Date(now + (days - 1) * DAY_MS).toISOString().slice(0, 10);
      }
    }
  } else if (expiresText) {
    if (expiresText.toLowerCase() === "never") expiration = "never";
    else problems.push(`The link's expires (${quoted(expiresText)}) is not “never”: give a day with expires_on=YYYY-MM-DD instead.`);
  } else if (onText) {
    // A day in the past, or past the policy's maximum, is the form's to judge, as a typed one is.
    if (isCalendarDay(onText)) {
      expiration = "custom";
      expiresOn = onText;
    } else problems.push(`The link's expires_on (${quoted(onText)}) is not a day written YYYY-MM-DD.`);
  }
  return {
    name: first(query.name).slice(0, 200),
    description: first(query.description).slice(0, 400),
    permissions,
    custom: listed.length > 0,
    preset,
    allowedIps,
    expiration,
    expiresOn,
    problems,
  };
}
