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
