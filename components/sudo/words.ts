// The sudo dialog's words (components/sudo/sudo-provider.tsx).
export const SUDO_WORDS = {
  title: "Confirm it is you",
  description: (minutes: number) =>
    `This change needs a recent sign-in. Confirm it is you to go on; you will not be asked again for ${
      minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? "" : "s"}` : `${minutes} minutes`
    }.`,
  password: "Password",
  confirm: "Confirm and continue",
  code: "Authenticator or recovery code",
  codeHint: "The six digits your app shows, or one of your recovery codes.",
  confirmCode: "Confirm with the code",
  passkey: "Use a passkey",
  passkeyFailed: "The passkey did not answer. Try again, or use another way.",
  or: "or",
  cancel: "Cancel",
  noPassword:
    "This account signs in without a password and has no second factor. Log out and sign in again, then make the change: a fresh sign-in counts as a confirmation.",
} as const;
