import { RESET_LINK_MINUTES } from "@/lib/model";

// The words of the login, sign-up and password-reset screens that more than one file says
// (pages, actions, tests). The guide's words where it has some: a "Login" button, "sign up".

export const FORGOT_PASSWORD_WORDS = {
  askAnAdmin: "This console sends no email. Ask an admin to reset your password: they will give you a temporary one.",
  sent: `If an account has this email, we have sent it a link to choose a new password. The link works once, for ${RESET_LINK_MINUTES} minutes.`,
} as const;

export const RESET_PASSWORD_WORDS = {
  unknown: "This reset link is not valid. Check that you opened the whole link, or ask for a new one.",
  used: "This reset link has been used already, or a newer one was sent. Ask for a new one if you still need it.",
  expired: `This reset link has expired: links work for ${RESET_LINK_MINUTES} minutes. Ask for a new one.`,
} as const;

/** Single sign-on's words (OIDC_NAME is the provider's name as people know it). */
export const SSO_WORDS = {
  button: (name: string) => `Sign in with ${name}`,
  or: "or with your email",
  subtitle: (name: string) => `Sign in with ${name}, or with your email and password.`,
  onlySubtitle: (name: string) => `Sign in with ${name} to reach your console.`,
  onlyFooter: (name: string) => `No account yet? Signing in with ${name} makes one.`,
  passwordsOff: (name: string) => `This console signs people in with ${name} only: it keeps no passwords.`,
  /** Why a sign-in came back refused (lib/dal/sign-on.ts), or failed on the way (next-auth's error codes). */
  refused: {
    unverified: (name: string) =>
      `${name} has not verified the email address of that account, so it cannot open an account here. Verify it at ${name}, then sign in again.`,
    no_email: (name: string) =>
      `${name} did not say which email address that account has, so it cannot open an account here. Ask an admin of this console.`,
    linked_elsewhere: (name: string) =>
      `The account with that email address is already signed in to with another ${name} account, so this one cannot open it. Ask an admin of this console.`,
    no_admin_yet: (name: string) =>
      `This console has no admin yet, so signing in with ${name} cannot open it. Its operator makes the admin on the server (npm run admin -- create <email> --admin); then sign in again.`,
    failed: (name: string) => `Signing in with ${name} did not complete. Try again; if it keeps failing, ask an admin of this console.`,
  },
  unreachable: (name: string) => `${name} could not be reached. Try again in a moment.`,
} as const;
