// The words of the Account screen, said once: the page, its form and its action show them, and
// the end-to-end tests find the screen by them. A plain module (no React, no server code), so
// that Playwright can import it. The new-password fields are shared with the reset screen.

export const ACCOUNT_WORDS = {
  title: "Account",
  signedInAs: (name: string, email: string, admin: boolean) => `Signed in as ${name} (${email})${admin ? ", an admin" : ""}.`,
  resetDone: "Your new password is set. Every other browser signed in to your account has been logged out.",
  mustChange: "You signed in with a temporary password. Choose your own password to continue; the temporary one then stops working.",
  changePassword: "Change password",
  changePasswordDescription: "You need your current password. Every other browser signed in to your account is logged out.",
  currentPassword: "Current password",
  wrongPassword: "That is not your current password.",
  changed: "Your password was changed. Every other session has ended.",
  logOutEverywhere: "Log out everywhere",
  logOutEverywhereDescription: "Ends every session of your account, on every device, this one included. Your API tokens keep working.",
  signIns: "Recent sign-ins",
  signInsDescription: "The latest times someone signed in to your account. If one was not you, change your password.",
  noSignIns: "No sign-in recorded yet.",
  signInTime: "Time",
  signInIp: "IP",
  signInBrowser: "Browser",
} as const;
