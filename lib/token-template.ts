import { DAY_MS, EXPIRATION_CHOICES, type ExpirationChoice } from "@/lib/model";
import { checkPermissions, describeProblem, MAX_PERMISSIONS, type Catalogue } from "@/lib/permissions";

// Template links: `/api-tokens/new?name=ci-dns&description=…&permissions=dns:read,account:read&expires_in_days=30`
// opens the Create drawer filled in; nothing is made until the user presses Add New API. A team
// puts such a link in its docs ("create the token you need"); the drawer's Copy link to this
// form makes one, and the API Docs page offers one beside each endpoint. Client-safe.

export const TEMPLATE_PATH = "/api-tokens/new";

export type TemplateFields = {
  name?: string;
  description?: string;
  permissions?: readonly string[];
  expiresInDays?: number;
};

/** A template link, relative to the console (the drawer makes it absolute with the page's origin). */
export function templateLink(fields: TemplateFields): string {
  const query = new URLSearchParams();
  if (fields.name) query.set("name", fields.name);
  if (fields.description) query.set("description", fields.description);
  if (fields.permissions?.length) query.set("permissions", fields.permissions.join(","));
  if (fields.expiresInDays) query.set("expires_in_days", String(fields.expiresInDays));
  // Commas and colons read better unescaped, and are safe in a query.
  const text = query.toString().replaceAll("%2C", ",").replaceAll("%3A", ":");
  return text ? `${TEMPLATE_PATH}?${text}` : TEMPLATE_PATH;
}

/** What a template link fills in, and what it got wrong (said in the drawer, never dropped silently). */
export type Template = {
  name: string;
  description: string;
  /** Known permissions only; a Custom token when there is any, or when the link asked for one. */
  permissions: string[];
  custom: boolean;
  expiration: ExpirationChoice | null;
  /** For an expires_in_days no choice offers: the day it comes to, as the Custom date. */
  expiresOn: string | null;
  problems: string[];
};

const MAX_PERMISSIONS_TEXT = 8_000;

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
  let expiration: ExpirationChoice | null = null;
  let expiresOn: string | null = null;
  const daysText = first(query.expires_in_days);
  if (daysText) {
    const days = /^\d{1,4}$/.test(daysText) ? Number(daysText) : NaN;
    if (!(days >= 1 && days <= 3650))
      problems.push(`The link's expires_in_days (“${daysText.slice(0, 20)}”) is not a number of days from 1 to 3650.`);
    else {
      const choice = EXPIRATION_CHOICES.find((entry) => entry.days === days);
      if (choice) expiration = choice.value;
      else {
        expiration = "custom";
        expiresOn = new Date(now + (days - 1) * DAY_MS).toISOString().slice(0, 10);
      }
    }
  }
  return {
    name: first(query.name).slice(0, 200),
    description: first(query.description).slice(0, 400),
    permissions,
    custom: listed.length > 0,
    expiration,
    expiresOn,
    problems,
  };
}
