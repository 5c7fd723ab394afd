import { apiRoute } from "@/lib/api/handler";
import { apiError, apiSuccess, MESSAGES } from "@/lib/api/responses";
import { platformTimestamp } from "@/lib/api/wire";
import { findAccount } from "@/lib/dal/users";

export const GET = apiRoute("READ_ONLY", async ({ principal }) => {
  const account = await findAccount(principal.userId);
  if (!account) return apiError(401, MESSAGES.unauthenticated);
  return apiSuccess({
    user: {
      id: account.id,
      type: "individual",
      fullname: account.name,
      email: account.email,
      c_added: platformTimestamp(account.createdAt),
      role: account.role === "ADMIN" ? "admin" : "member",
    },
  });
});
