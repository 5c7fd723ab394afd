import "server-only";
import { MESSAGES } from "@/lib/api/responses";
import { tokenStateResponse } from "@/lib/api/schemas";
import type { ApiOperation } from "@/lib/api/operation-shape";

// The documented operations of a key's state: Disable and Enable (lib/api/operations.ts lists them with the rest).

const stateNotes = {
  422: {
    description:
      "The key is pending approval or denied (code invalid_state): only an active key is disabled, and only a disabled one enabled.",
    message: MESSAGES.notActive,
    code: "invalid_state",
  },
};

export const TOKEN_STATE_OPERATIONS = (keyFields: Record<string, unknown>): ApiOperation[] => [
  {
    method: "post",
    path: "/api/{id}/disable",
    summary: "Disable an API key",
    description:
      "Keeps one of the account's keys, with its secret, id and history, but refuses it: from the next request on, on every instance, it answers 401 `token_disabled` (and forward auth and introspection agree). A key may disable itself. Disabling a disabled key changes nothing. No body. Answers the key as it now is, its state in `key_status`.",
    permission: "api_keys:write",
    response: {
      schema: tokenStateResponse,
      example: { ...keyFields, disabled_reason: "owner", key_status: "disabled", status: "success", message: "API key has been disabled" },
    },
    errors: [404, 422],
    errorNotes: stateNotes,
  },
  {
    method: "post",
    path: "/api/{id}/enable",
    summary: "Enable an API key",
    description:
      "Lets a disabled key of the account work again, from the next request on. A key never enables itself (it is refused while disabled anyway), and no key enables a key that holds more than itself (403 forbidden_scope), nor one an admin or a policy disabled: only an installation admin does, in the console (403 `forbidden_enable`). A pending or denied key is not enabled (422 `invalid_state`): an admin decides on it. No body.",
    permission: "api_keys:write",
    response: {
      schema: tokenStateResponse,
      example: { ...keyFields, key_status: "active", status: "success", message: "API key has been enabled" },
    },
    errors: [403, 404, 422],
    errorNotes: stateNotes,
  },
];
