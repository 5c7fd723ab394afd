import { MESSAGES } from "@/lib/model";

/** What a refused Disable or Enable says in the console (the actions of the owner's listing and the admin's). */
export const STATE_MESSAGES = {
  not_found: MESSAGES.tokenNotFound,
  not_active: "This token is pending approval or denied: an admin decides on it, and it cannot be disabled or enabled.",
  not_disabled: "This token is not disabled.",
  admin_only: "An admin disabled this token: only an admin can enable it.",
} as const;
