import "server-only";

// In a server action's arguments a string starting "$" is a reference ("$Q1" a Map in part 1,
// "$B1" a Blob...); a dangling or wrong-kind one throws inside React and Next.js answers 500.
// For our clients' plain values and forms encodeReply writes only the references below (a
// user's own leading "$" becomes "$$"), so anything else is refused before React sees it.

const CONSTANTS = new Set(["$undefined", "$NaN", "$Infinity", "$-Infinity", "$-0"]);

// A FormData argument; its entries follow as fields named `_<id>_<name>`.
const FORM_DATA = /^\$K([0-9a-f]{1,8})$/;
const FORM_FIELD = /^_([0-9a-f]{1,8})_/;
// A pre-hydration form's bound arguments: a promise of part <id>.
const BOUND = /^\$@([0-9a-f]{1,8})$/;

type Refs = { forms?: Set<string> };

function plain(value: unknown, refs: Refs): boolean {
  if (typeof value === "string") {
    if (!value.startsWith("$") || value.startsWith("$$") || CONSTANTS.has(value)) return true;
    const form = refs.forms && FORM_DATA.exec(value);
    if (form) refs.forms!.add(form[1]!);
    return !!form;
  }
  if (Array.isArray(value)) return value.every((item) => plain(item, refs));
  if (value && typeof value === "object") {
    return Object.entries(value).every(([key, item]) => key !== "__proto__" && plain(item, refs));
  }
  return true;
}

// Refused unread beyond this: React's decoder (and ours) recurse.
export const MAX_DEPTH = 64;

export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[" || c === "{") deepest = Math.max(deepest, ++depth);
    else if (c === "]" || c === "}") depth--;
  }
  return deepest;
}

function parse(text: string): unknown {
  if (jsonDepth(text) > MAX_DEPTH) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function textReplyProblem(text: string): string | null {
  const args = parse(text);
  if (!Array.isArray(args)) return "The request body must be a JSON array of arguments.";
  return plain(args, {}) ? null : "The arguments hold a reference this server does not accept.";
}

// With Next-Action, encodeReply's: arguments in field "0", which may name FormData arguments
// ("$K1"). Without, a form posted before hydration: only React's $ACTION_ fields are decoded (for
// useActionState `$ACTION_<n>:0` = {"id","bound":"$@1"}, the state in `$ACTION_<n>:1`).
export function formReplyProblem(form: FormData, fetchAction: boolean): string | null {
  return fetchAction ? fetchFormProblem(form) : documentFormProblem(form);
}

function fetchFormProblem(form: FormData): string | null {
  const roots = form.getAll("0");
  if (roots.length !== 1 || typeof roots[0] !== "string") return "The form data must carry its arguments in one field named 0.";
  const args = parse(roots[0]);
  const refs = { forms: new Set<string>() };
  if (!Array.isArray(args)) return "The arguments must be a JSON array.";
  if (!plain(args, refs)) return "The arguments hold a reference this server does not accept.";
  for (const [name, value] of form.entries()) {
    if (name === "0") continue;
    const field = FORM_FIELD.exec(name);
    if (!field || !refs.forms.has(field[1]!) || typeof value !== "string")
      return "The form data holds a field this server does not accept.";
  }
  return null;
}

const ACTION_PART = /^\$ACTION_(\d{1,4}):(\d{1,4})$/;
const ACTION_REF = /^\$ACTION_REF_(\d{1,4})$/;
const ACTION_FIELD = /^\$ACTION_(ID_[0-9a-f]{2,128}|KEY)$/;
const ACTION_ID = /^[0-9a-f]{2,128}$/;

function documentFormProblem(form: FormData): string | null {
  const parts = new Map<string, unknown>();
  const refs: string[] = [];
  for (const [name, value] of form.entries()) {
    if (!name.startsWith("$ACTION")) continue;
    if (ACTION_FIELD.test(name)) continue;
    const ref = ACTION_REF.exec(name);
    if (ref) refs.push(ref[1]!);
    else if (!ACTION_PART.test(name) || typeof value !== "string" || parts.has(name))
      return "The form holds a field this server does not accept.";
    else parts.set(name, parse(value));
  }
  // React reads `$ACTION_<n>:0` for each `$ACTION_REF_<n>`, and waits for it if it is missing.
  if (refs.some((n) => !parts.has(`$ACTION_${n}:0`))) return "The form's action is not readable.";
  for (const [name, value] of parts) {
    const [, form, part] = ACTION_PART.exec(name)!;
    if (part !== "0") {
      if (!Array.isArray(value) || !plain(value, {})) return "The form's bound arguments are not accepted.";
      continue;
    }
    // The part is decoded as a reply too, so its id must not look like a reference either.
    const meta = value as Record<string, unknown> | undefined;
    if (!meta || typeof meta !== "object" || Array.isArray(meta)) return "The form's action is not readable.";
    if (Object.keys(meta).some((key) => key !== "id" && key !== "bound")) return "The form's action is not readable.";
    if (typeof meta.id !== "string" || !ACTION_ID.test(meta.id)) return "The form's action is not readable.";
    if (meta.bound === null || meta.bound === undefined) continue;
    const bound = typeof meta.bound === "string" && BOUND.exec(meta.bound);
    if (!bound || !parts.has(`$ACTION_${form}:${parseInt(bound[1]!, 16)}`)) return "The form's bound arguments are not accepted.";
  }
  return null;
}
