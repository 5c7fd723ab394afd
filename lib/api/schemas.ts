import "server-only";
import "zod-openapi";
import { z } from "zod";
import { ERROR_CODES } from "@/lib/api/responses";
import { READ_SPELLINGS, scopeFromWriteFlag, WRITE_SPELLINGS } from "@/lib/api/wire";
import { checkPermissions, describeProblem, MAX_PERMISSIONS } from "@/lib/permissions";
import { SCOPE_WIRE } from "@/lib/scopes";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { env } from "@/lib/server/config.mjs";
import { MAX_ALLOWED_IPS } from "@/lib/ip-allowlist";
import {
  allowedIpsSchema,
  isCalendarDay,
  isClockTime,
  QUOTA_MAX,
  TOKEN_DESCRIPTION_MAX,
  TOKEN_NAME_MAX,
  tokenDescriptionSchema,
  tokenNameSchema,
} from "@/lib/validation/api-token";
import { formatCount } from "@/lib/model";

// The platform API's bodies, as zod schemas: the routes validate requests with them, the tests
// check responses against them, and the OpenAPI document is generated from them, so the three
// cannot disagree.

const timestamp = z.string().meta({ description: "YYYY-MM-DD HH:MM:SS, UTC", example: "2026-11-27 09:30:00" });

// --- Requests ------------------------------------------------------------------------------

const writeFlag = z
  .unknown()
  .optional()
  .transform((value, context) => {
    // Left out: the caller decides (Read-Only, unless permissions are sent).
    if (value === undefined) return undefined;
    const scope = scopeFromWriteFlag(value);
    if (scope) return scope;
    context.addIssue({
      code: "custom",
      message: `write must be one of ${[...WRITE_SPELLINGS, ...READ_SPELLINGS].map((s) => `"${s}"`).join(", ")}, true or false.`,
    });
    return z.NEVER;
  })
  .meta({
    description: 'Write access: "on", "1", "yes" or true; Read-Only: "off", "0", "no", false, or leave it out.',
    override: { oneOf: [{ type: "string", enum: [...WRITE_SPELLINGS, ...READ_SPELLINGS] }, { type: "boolean" }] },
  });

/** Every permission the catalogue of the moment offers, for the document's enum. */
const permissionValues = () => resourceCatalogue().flatMap((resource) => [`${resource.id}:read`, `${resource.id}:write`]);

const permissionList = (whenEmpty: string) =>
  z
    .array(z.string({ error: "Each permission must be a string." }).max(100, "A permission is at most 100 characters."), {
      error: 'permissions must be a list such as ["dns:read", "account:read"].',
    })
    .min(1, `permissions: ${whenEmpty}`)
    .max(MAX_PERMISSIONS, `Name at most ${MAX_PERMISSIONS} permissions.`)
    .transform((requested, context) => {
      const checked = checkPermissions(requested, resourceCatalogue());
      if (checked.ok) return checked.permissions;
      context.addIssue({ code: "custom", message: describeProblem(checked) });
      return z.NEVER;
    });

const permissionsMeta = (description: string) => ({
  description,
  example: ["dns:read", "account:read"],
  get override() {
    return { type: "array", minItems: 1, items: { type: "string", enum: permissionValues() } } as const;
  },
});

const PLATFORM_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)(Z|[+-]\d{2}:\d{2})?$/;

/** "YYYY-MM-DD HH:MM:SS" (UTC) or ISO 8601, as an instant. */
export function parsePlatformTime(value: string): Date | null {
  const match = PLATFORM_TIME.exec(value.trim());
  // The day and time as written must exist: Date would read 2027-02-30 as March 2nd.
  if (!match || !isCalendarDay(match[1]!) || !isClockTime(match[2]!)) return null;
  const at = new Date(`${match[1]}T${match[2]}${match[3] ?? "Z"}`);
  return Number.isNaN(at.getTime()) ? null : at;
}

const expiresAtField = z
  .string({ error: "expires_at must be a string." })
  .transform((value, context) => {
    const at = parsePlatformTime(value);
    if (at) return at;
    context.addIssue({ code: "custom", message: 'expires_at must be "YYYY-MM-DD HH:MM:SS" (UTC) or ISO 8601.' });
    return z.NEVER;
  })
  .optional()
  .meta({
    description: 'When the key stops working: "YYYY-MM-DD HH:MM:SS" (UTC) or ISO 8601. An extension: the platform\'s clients leave it out.',
    example: "2027-03-01 00:00:00",
    override: { type: "string" },
  });

/**
 * A whole number in a range, as JSON's number or a string of digits (clients send both); never
 * what plain coercion would also take (true, [30], null, "").
 */
const wholeNumber = (field: string, min: number, max: number, unit: string) => {
  const message = `${field} must be a whole number of ${unit} from ${min} to ${max}.`;
  return z
    .union([z.number({ error: message }), z.string({ error: message }).regex(/^\d{1,10}$/, message)], { error: message })
    .transform(Number)
    .pipe(z.number().int(message).min(min, message).max(max, message));
};

const expiresInDaysField = wholeNumber("expires_in_days", 1, 3650, "days")
  .optional()
  .meta({
    description: "Days until the key stops working (1 to 3650), instead of expires_at.",
    example: 90,
    override: { type: "integer", minimum: 1, maximum: 3650 },
  });

const nameField = z
  .string({ error: (issue) => (issue.input === undefined ? "name is required." : "name must be a string.") })
  .pipe(tokenNameSchema)
  .meta({
    description: "Unique among the account's keys, ignoring case.",
    example: "ci-deploy",
    minLength: 1,
    maxLength: TOKEN_NAME_MAX,
    override: { type: "string", minLength: 1, maxLength: TOKEN_NAME_MAX },
  });

const descriptionField = z
  .string({ error: "description must be a string." })
  .pipe(tokenDescriptionSchema)
  .meta({
    description: `What the key is for: up to ${TOKEN_DESCRIPTION_MAX} characters, one line; "" for none.`,
    example: "Deploys from the main branch",
    override: { type: "string", maxLength: TOKEN_DESCRIPTION_MAX },
  });

const allowedIpsField = z
  // null is the same as []: anywhere.
  .preprocess(
    (value) => (value === null ? [] : value),
    z.array(z.unknown(), { error: "allowed_ips must be a list of addresses and CIDR ranges, or null." }).pipe(allowedIpsSchema),
  )
  .meta({
    description: `Addresses and CIDR ranges, IPv4 or IPv6 (at most ${MAX_ALLOWED_IPS}), the key may be used from; [] or null: anywhere. Stored normalised: 203.0.113.7/24 is kept as 203.0.113.0/24. A request from elsewhere is a 403 (code forbidden_address).`,
    example: ["203.0.113.0/24", "2001:db8::/32"],
    override: { oneOf: [{ type: "array", items: { type: "string" }, maxItems: MAX_ALLOWED_IPS }, { type: "null" }] },
  });

/**
 * A whole JSON number from `min` to `max()`, or null; not a string of digits, not true: a limit is
 * not guessed at. Left out, undefined: the caller leaves the limit as it is.
 */
const limitField = (field: string, min: number, max: () => number, rest: string) =>
  z
    .unknown()
    .transform((value, context) => {
      if (value === undefined || value === null) return value as undefined | null;
      if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max()) return value;
      context.addIssue({
        code: "custom",
        message: `${field} must be a whole number from ${formatCount(min)} to ${formatCount(max())}${rest}.`,
      });
      return z.NEVER;
    })
    .optional();
const installationRateLimit = () => env().API_REQUESTS_PER_TOKEN_PER_MINUTE;

const rateLimitField = limitField(
  "rate_limit_per_minute",
  1,
  installationRateLimit,
  " (at most the installation's limit), or null for the installation's",
).meta({
  description:
    "The key's own rate limit, requests per minute: 1 up to the installation's (API_REQUESTS_PER_TOKEN_PER_MINUTE, 1200 unless set); null or left out: the installation's. Past it, 429 rate_limited with Retry-After.",
  example: 60,
  get override() {
    return { oneOf: [{ type: "integer", minimum: 1, maximum: installationRateLimit() }, { type: "null" }] } as const;
  },
});

const quotaField = limitField("quota", 1, () => QUOTA_MAX, ", or null for no quota").meta({
  description: `A quota of requests (1 to ${formatCount(QUOTA_MAX)}): each request the key makes spends one, and once none is left it gets 429 usage_exceeded until its owner refills it. null or left out: no quota. A new quota starts full.`,
  example: 10000,
  override: { oneOf: [{ type: "integer", minimum: 1, maximum: QUOTA_MAX }, { type: "null" }] },
});

const quotaRemainingField = limitField("quota_remaining", 0, () => QUOTA_MAX, ", at most the key's quota").meta({
  description:
    "A refill: what is left of the quota from now on (0 up to the quota; with quota, a new quota starting there). Only another of the owner's keys (or the console) may refill a key: a key refilling itself is a 403 (code forbidden_refill).",
  example: 10000,
  override: { type: "integer", minimum: 0, maximum: QUOTA_MAX },
});

export const createApiKeyRequest = z
  .object({
    name: nameField,
    write: writeFlag,
    permissions: permissionList("name at least one permission, or leave the field out for a Read-Only or Write key.")
      .optional()
      .meta(
        permissionsMeta(
          "A Custom key holding exactly these permissions (`<resource>:read` or `<resource>:write`; write includes read), instead of `write`. Sending both is a 422, and so is an empty list or a permission the catalogue does not have.",
        ),
      ),
    description: descriptionField.optional(),
    allowed_ips: allowedIpsField.optional(),
    expires_at: expiresAtField,
    expires_in_days: expiresInDaysField,
    rate_limit_per_minute: rateLimitField,
    quota: quotaField,
  })
  .refine((body) => body.expires_at === undefined || body.expires_in_days === undefined, {
    message: "Send expires_at or expires_in_days, not both.",
    path: ["expires_in_days"],
  })
  .refine((body) => body.write === undefined || body.permissions === undefined, {
    message: "Send write (a Read-Only or Write key) or permissions (a Custom key), not both.",
    path: ["permissions"],
  })
  .transform(({ write, permissions, ...rest }) => ({
    ...rest,
    grant: permissions
      ? { scope: "CUSTOM" as const, permissions }
      : { scope: write ?? ("READ_ONLY" as const), permissions: [] as string[] },
  }))
  .meta({ id: "CreateApiKeyRequest" });

export const narrowApiKeyRequest = z
  .object({
    permissions: permissionList("name at least one permission to keep; a key that needs none is a key to delete.").meta(
      permissionsMeta("What the key keeps: a subset of the permissions it holds now (its `permissions` in List API keys)."),
    ),
  })
  .meta({ id: "NarrowApiKeyRequest" });

export const updateApiKeyRequest = z
  .object({
    name: nameField.optional(),
    description: descriptionField.optional(),
    allowed_ips: allowedIpsField.optional(),
    rate_limit_per_minute: rateLimitField,
    quota: quotaField,
    quota_remaining: quotaRemainingField,
  })
  .loose()
  .superRefine((body, context) => {
    // A token that needs more rights is a new token: saying so beats ignoring the field.
    if ("write" in body || "scope" in body) {
      context.addIssue({
        code: "custom",
        path: ["write" in body ? "write" : "scope"],
        message: "The scope of a key cannot change: create a new key with the access it needs.",
      });
    } else if ("permissions" in body) {
      // Ignored, an edit sent to take permissions away would answer 200 and leave the key as it was.
      context.addIssue({
        code: "custom",
        path: ["permissions"],
        message: "An edit does not change permissions: take some away with POST /v2/api/{id}/narrow; a key that needs more is a new key.",
      });
    } else if (body.quota_remaining === null) {
      context.addIssue({
        code: "custom",
        path: ["quota_remaining"],
        message: "quota_remaining must be a whole number: to remove the quota, send quota: null.",
      });
    } else if (
      [body.name, body.description, body.allowed_ips, body.rate_limit_per_minute, body.quota, body.quota_remaining].every(
        (field) => field === undefined,
      )
    ) {
      context.addIssue({
        code: "custom",
        message: "Send at least one of name, description, allowed_ips, rate_limit_per_minute, quota and quota_remaining.",
      });
    }
  })
  .meta({ id: "UpdateApiKeyRequest" });

export const rollApiKeyRequest = z
  .object({
    grace_seconds: wholeNumber("grace_seconds", 0, 604_800, "seconds")
      .default(0)
      .meta({
        description: "How long the previous secret keeps working (0 to 604800 seconds; 0: it stops at once).",
        example: 3600,
        override: { type: "integer", minimum: 0, maximum: 604800 },
      }),
  })
  .meta({ id: "RollApiKeyRequest" });

/** What GitHub's secret scanning partner program posts: the matches of our token pattern it found. */
export const githubSecretScanningRequest = z
  .array(
    z
      .object({
        token: z.string().max(1_000).meta({ description: "The string that matched the token pattern." }),
        type: z.string().max(200).meta({ description: "The secret type registered with GitHub, e.g. token_console_api_token." }),
        url: z.string().max(2_000).optional().meta({ description: "Where it was found: a commit, an issue, a gist…" }),
        source: z.string().max(100).optional().meta({ description: "content, commit, pull_request_description, issue_comment, …" }),
      })
      .loose(),
    { error: "The body must be a JSON array of matches, each with a token and a type." },
  )
  .min(1, "Send at least one match.")
  .max(1_000, "Send at most 1,000 matches at once.")
  .meta({ id: "GithubSecretScanningMatches" });

export const githubSecretScanningResponse = z
  .array(
    z.object({
      token_raw: z.string(),
      token_type: z.string(),
      label: z.enum(["true_positive", "false_positive"]).meta({ description: "true_positive: one of our live tokens, now handled." }),
    }),
  )
  .meta({ id: "GithubSecretScanningFeedback" });

export const revokeCredentialsRequest = z
  .object({
    credentials: z
      .array(z.string({ error: "Each credential must be a string." }).max(1_000), {
        error: "credentials must be a list of the tokens found.",
      })
      .min(1, "Send at least one credential.")
      .max(1_000, "Send at most 1,000 credentials at once.")
      .meta({ description: "The tokens found, as they were found (1 to 1,000)." }),
  })
  .meta({ id: "RevokeCredentialsRequest" });

// --- Responses -----------------------------------------------------------------------------

export const errorBody = z
  .object({
    status: z.literal("error"),
    message: z.string().meta({ description: "What went wrong, in words a person reads." }),
    errors: z
      .array(z.object({ code: z.enum(ERROR_CODES).meta({ description: "Stable: what a program branches on." }), message: z.string() }))
      .length(1)
      .meta({ description: "The same error as the platform's clients read it (its Go SDK decodes errors[].message and code)." }),
    missing_permissions: z
      .array(z.string())
      .optional()
      .meta({ description: "With forbidden_scope: the permissions the token would need and does not hold." }),
  })
  .meta({ id: "Error" });

export const apiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    write: z.enum(["0", "1"]).meta({ description: '"1" for a key holding any write permission (every Write key), "0" otherwise.' }),
    created_at: timestamp,
    scope: z
      .enum(SCOPE_WIRE)
      .meta({ description: "read_only and write are presets over every resource; custom holds exactly `permissions`." }),
    permissions: z.array(z.string()).meta({
      description: "Every permission the key holds, each write with its read: for a preset, over the catalogue of the moment.",
      example: ["account:read", "dns:read", "dns:write"],
    }),
    display_prefix: z.string().meta({ description: "The token's first characters: tells keys apart, opens nothing." }),
    description: z.string().meta({ description: 'What the key is for; "" for none.' }),
    allowed_ips: z
      .array(z.string())
      .meta({ description: "Addresses and CIDR ranges the key may be used from, normalised; empty: anywhere." }),
    last_used_at: timestamp.nullable().meta({ description: "YYYY-MM-DD HH:MM:SS, UTC, to the minute; null if never used." }),
    last_used_ip: z.string().nullable().meta({ description: "The address of that last use; null if never used." }),
    expires_at: timestamp
      .nullable()
      .meta({ description: "YYYY-MM-DD HH:MM:SS, UTC: when the key stops working; null if it does not expire." }),
    status: z.enum(["active", "expired", "disabled", "pending", "denied"]).meta({
      description:
        "active; expired (past expires_at); disabled (refused with 401 token_disabled until enabled); pending (waits for an admin's approval: 401 token_pending_approval); denied (an admin denied it: 401 token_denied, never works).",
    }),
    disabled_reason: z
      .enum(["owner", "self", "admin", "inactivity", "policy"])
      .nullable()
      .meta({ description: "Who disabled it: its owner, itself, an admin, the inactivity rule or a policy; null unless disabled." }),
    denied_reason: z.string().nullable().meta({ description: "The admin's reason, for a denied key; null otherwise." }),
    rate_limit_per_minute: z
      .number()
      .int()
      .nullable()
      .meta({ description: "The key's own rate limit, requests per minute; null: the installation's." }),
    quota: z.number().int().nullable().meta({ description: "Its quota of requests; null: none." }),
    quota_remaining: z
      .number()
      .int()
      .nullable()
      .meta({ description: "What is left of the quota (written in batches: up to a few seconds behind); null: no quota." }),
  })
  .meta({ id: "ApiKey" });

export const accountInfoResponse = z.object({
  status: z.literal("success"),
  user: z.object({
    id: z.string(),
    type: z.string().meta({ description: '"individual"; "team" for a team token (the user is then its creator).' }),
    fullname: z.string(),
    email: z.string(),
    c_added: timestamp,
    role: z.enum(["member", "admin"]),
  }),
  team: z
    .object({ id: z.string(), name: z.string() })
    .optional()
    .meta({ description: "The team that owns the token, for a team token: it keeps working when its creator leaves." }),
});

export const listApiKeysResponse = z.object({ status: z.literal("success"), api: z.array(apiKey) });

export const ownApiKeyResponse = z.object({
  status: z.literal("success"),
  api: apiKey.extend({
    team: z
      .object({ id: z.string(), name: z.string() })
      .nullable()
      .meta({ description: "The team that owns the key; null for a personal key." }),
    via_previous_secret: z.boolean().meta({
      description: "Whether this call was made with a rolled key's previous secret, which works only until previous_secret_valid_until.",
    }),
    previous_secret_valid_until: z.string().nullable().meta({
      description: "When the previous secret this call was made with stops working (UTC); null when called with the current secret.",
    }),
  }),
});

// The key's own fields beside the envelope's: its `status` would clash with the envelope's.
export const createApiKeyResponse = apiKey.omit({ status: true }).extend({
  status: z.literal("success"),
  apikey: z.string().meta({ description: "The new token: shown in this response only." }),
  message: z.string(),
  key_status: z.enum(["active", "pending"]).meta({
    description:
      "`pending` when it asks for permissions the installation's policy reserves: it answers 401 `token_pending_approval` until an admin approves it.",
  }),
});

export const updateApiKeyResponse = apiKey.omit({ status: true }).extend({
  status: z.literal("success"),
  message: z.string(),
});

/** Disable and Enable: the key as it now is, its state as `key_status` (`status` is the envelope's). */
export const tokenStateResponse = updateApiKeyResponse.extend({
  key_status: z.enum(["active", "expired", "disabled"]),
});

export const rollApiKeyResponse = z.object({
  status: z.literal("success"),
  apikey: z.string().meta({ description: "The key's new secret: shown in this response only." }),
  message: z.string(),
  previous_valid_until: timestamp.meta({ description: "YYYY-MM-DD HH:MM:SS, UTC: when the previous secret stops (or stopped) working." }),
});

export const messageResponse = z.object({ status: z.literal("success"), message: z.string() });

export const openApiResponse = z.object({ openapi: z.literal("3.1.0") }).loose();

/** Forward auth's answer: the token's facts travel in headers (X-Token-Id, X-Token-User, X-Token-Permissions), for the proxy to pass on. */
export const forwardAuthResponse = z.object({ status: z.literal("success") });

/** RFC 7662's request: `token`, form-encoded (JSON accepted too); `token_type_hint` is ignored (there is one kind). */
export const introspectionRequest = z.object({
  token: z.string().meta({ description: "The token to ask about." }),
  token_type_hint: z.string().optional(),
});

/** RFC 7662's answer: exactly {"active": false} for anything but a live token. */
export const introspectionResponse = z.union([
  z.object({
    active: z.literal(true),
    token_type: z.literal("Bearer"),
    jti: z.string().meta({ description: "The token's id." }),
    sub: z.string().meta({ description: "The owner's id." }),
    scope: z.string().meta({ description: "Its permissions, space-separated." }),
    exp: z.number().int().optional().meta({ description: "When it expires (seconds since the epoch); absent when it does not." }),
    iat: z.number().int().meta({ description: "When it was made (seconds since the epoch)." }),
    permissions: z.array(z.string()),
  }),
  z.object({ active: z.literal(false) }).strict(),
]);
