import "server-only";
import "zod-openapi";
import { z } from "zod";
import { READ_SPELLINGS, SCOPE_WIRE, scopeFromWriteFlag, WRITE_SPELLINGS } from "@/lib/api/wire";
import { TOKEN_NAME_MAX, tokenNameSchema } from "@/lib/validation/api-token";

// The platform API's bodies, as zod schemas: the routes validate requests with them, the tests
// check responses against them, and the OpenAPI document is generated from them, so the three
// cannot disagree.

const timestamp = z.string().meta({ description: "YYYY-MM-DD HH:MM:SS, UTC", example: "2026-11-27 09:30:00" });

// --- Requests ------------------------------------------------------------------------------

const writeFlag = z
  .unknown()
  .optional()
  .transform((value, context) => {
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

export const createApiKeyRequest = z
  .object({
    name: z
      .string({ error: (issue) => (issue.input === undefined ? "name is required." : "name must be a string.") })
      .pipe(tokenNameSchema)
      .meta({
        description: "Unique among the account's keys, ignoring case.",
        example: "ci-deploy",
        minLength: 1,
        maxLength: TOKEN_NAME_MAX,
      }),
    write: writeFlag,
  })
  .meta({ id: "CreateApiKeyRequest" });

// --- Responses -----------------------------------------------------------------------------

export const errorBody = z
  .object({ status: z.literal("error"), message: z.string().meta({ description: "What went wrong, in words a person reads." }) })
  .meta({ id: "Error" });

export const apiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    write: z.enum(["0", "1"]).meta({ description: '"1" for a Write key, "0" for a Read-Only key.' }),
    created_at: timestamp,
    scope: z.enum([SCOPE_WIRE.READ_ONLY, SCOPE_WIRE.WRITE]),
    display_prefix: z.string().meta({ description: "The token's first characters: tells keys apart, opens nothing." }),
    last_used_at: timestamp.nullable().meta({ description: "YYYY-MM-DD HH:MM:SS, UTC, to the minute; null if never used." }),
  })
  .meta({ id: "ApiKey" });

export const accountInfoResponse = z.object({
  status: z.literal("success"),
  user: z.object({
    id: z.string(),
    type: z.string(),
    fullname: z.string(),
    email: z.string(),
    c_added: timestamp,
    role: z.enum(["member", "admin"]),
  }),
});

export const listApiKeysResponse = z.object({ status: z.literal("success"), api: z.array(apiKey) });

export const createApiKeyResponse = apiKey.extend({
  status: z.literal("success"),
  apikey: z.string().meta({ description: "The new token: shown in this response only." }),
  message: z.string(),
});

export const messageResponse = z.object({ status: z.literal("success"), message: z.string() });

export const openApiResponse = z.object({ openapi: z.literal("3.1.0") }).loose();
