import "server-only";

/**
 * A temporary password travels by hand (a chat, a note), so one never used must not stay a way
 * in. Accounts made before temporaryPasswordUntil existed count from their creation, then the
 * only thing that set one.
 */
export const TEMPORARY_PASSWORD_DAYS = 7;
export const temporaryPasswordDeadline = (from: Date) => new Date(from.getTime() + TEMPORARY_PASSWORD_DAYS * 86_400_000);
export const temporaryPasswordValidUntil = (account: { temporaryPasswordUntil: Date | null; createdAt: Date }) =>
  account.temporaryPasswordUntil ?? temporaryPasswordDeadline(account.createdAt);

export const TEMPORARY_PASSWORD_EXPIRED_MESSAGE = `This temporary password has expired: they work for ${TEMPORARY_PASSWORD_DAYS} days. Ask an admin to make you a new one.`;

/** Thrown by verifyCredentials for the right temporary password past its lifetime: the login form says so. */
export class TemporaryPasswordExpired extends Error {
  constructor() {
    super(TEMPORARY_PASSWORD_EXPIRED_MESSAGE);
    this.name = "TemporaryPasswordExpired";
  }
}
