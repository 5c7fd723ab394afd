import "server-only";
import { noCounts } from "@/lib/activity";
import { requestsQuery, requestsResponse, usageQuery, usageResponse } from "@/lib/api/activity-schemas";
import type { ApiOperation } from "@/lib/api/operation-shape";

// The documented operations of a key's activity (lib/api/operations.ts lists them with the rest).

const counts = { ...noCounts(), ok: 1237, denied_permission: 3 };
const badQuery = {
  400: {
    description: "A query parameter that cannot be read (it is named in the message).",
    message: "window: Invalid option",
    code: "invalid_input",
  },
};

export const ACTIVITY_OPERATIONS: ApiOperation[] = [
  {
    method: "get",
    path: "/api/{id}/usage",
    summary: "An API key's usage",
    description:
      "How many requests one of the account's keys made over the last 24 hours, 7 days or 30 days (`window`), in bars of `bucket_seconds`, by outcome (`ok`, `denied_permission`, `denied_address`, `rate_limited`, `expired`, `disabled`: refused for its state), with its top five permissions, status classes, addresses and clients in the window. Requests through the API, forward auth and introspection all count; the counts are written every few seconds, so the last ones may not show yet.",
    permission: "api_keys:read",
    query: usageQuery,
    response: {
      schema: usageResponse,
      example: {
        status: "success",
        window: "24h",
        bucket_seconds: 3600,
        total: 1240,
        totals: counts,
        buckets: [{ start: "2026-12-02T09:00:00.000Z", counts }],
        top: {
          permission: [{ value: "dns:read", count: 1100 }],
          status: [{ value: "2xx", count: 1237 }],
          address: [{ value: "203.0.113.7", count: 1240 }],
          client: [{ value: "Go SDK", count: 1240 }],
        },
      },
    },
    errors: [400, 404],
    errorNotes: badQuery,
  },
  {
    method: "get",
    path: "/api/{id}/requests",
    summary: "An API key's request log",
    description:
      "The last requests one of the account's keys made (the last 1,000 by default), newest first, `limit` at a time (at most 100); `next` is the cursor of the next, older page. Filter by `outcome`. Each line has the time, method, path (never its query string), status, outcome, address, client and request id; nothing in it is a secret.",
    permission: "api_keys:read",
    query: requestsQuery,
    response: {
      schema: requestsResponse,
      example: {
        status: "success",
        requests: [
          {
            id: "0mi5k2x9a0001f3a9c2d1",
            at: "2026-12-02T09:41:07.120Z",
            method: "DELETE",
            path: "/v2/dns/zones/example.com",
            status: 403,
            outcome: "denied_permission",
            ip: "203.0.113.7",
            client: "Go SDK",
            request_id: "5f0c9a4e-1d2b-4c3a-9e8f-7a6b5c4d3e2f",
          },
        ],
        next: null,
      },
    },
    errors: [400, 404],
    errorNotes: badQuery,
  },
];
