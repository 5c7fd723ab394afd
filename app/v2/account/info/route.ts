import { apiRoute } from "@/lib/api/handler";
import { apiSuccess } from "@/lib/api/responses";
import { platformTimestamp } from "@/lib/api/wire";
import { ROLE_WIRE } from "@/lib/scopes";

// The account came with the token, in the request's one query. A team token's account is its
// creator's, marked "team", with the team that owns it beside.
export const GET = apiRoute("account:read", async ({ principal: { account, team } }) =>
  apiSuccess({
    ...(team ? { team } : {}),
    user: {
      id: account.id,
      type: team ? "team" : "individual",
      fullname: account.name,
      email: account.email,
      c_added: platformTimestamp(account.createdAt),
      role: ROLE_WIRE[account.role],
    },
  }),
);

// The other methods on this path are no endpoint: the catch-all's answer, not Next.js's bare 405.
export { noSuchEndpoint as POST, noSuchEndpoint as PUT, noSuchEndpoint as PATCH, noSuchEndpoint as DELETE } from "@/lib/api/responses";
