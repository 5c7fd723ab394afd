export const TWO_FACTOR_LOGIN_WORDS = {
  title: "Two-factor authentication",
  subtitle: "Enter the six-digit code from your authenticator app, or one of your recovery codes.",
  code: "Code",
  submit: "Verify",
  expired: "This sign-in has expired. Log in again with your password.",
  back: "Start over",
  passkey: "Use a passkey",
  signInWithPasskey: "Sign in with a passkey",
  passkeySignInFailed: "That passkey was not accepted. Try again, or log in with your password.",
  passkeyOnly: "Use your passkey to finish logging in.",
  passkeyFailed: "The passkey was not accepted. Try again, or enter a code.",
} as const;
