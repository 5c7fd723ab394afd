// `npm run admin -- grant <email>` / `revoke <email>`: who is an admin.
// `npm run admin -- create <email> [--name "Name"] [--admin]`: adds an account (the way in when
// SIGNUP=closed) and prints a temporary password, which works for one sign-in within 7 days: the
// person must choose their own before anything else. Made again after those days, unused, the
// account gets a new one.
// `npm run admin -- reset-password <email>`: the way back for a forgotten password when the
// console sends no email (or the person cannot reach it): a new temporary password, on the same
// terms; every session of the account ends, and every reset link sent to it stops working.
// `npm run admin -- disable <email>` / `enable <email>`: offboarding. Disabling ends every session
// of the account at once and revokes its personal tokens; team tokens it created keep working
// (hand them over or revoke them on /admin/users). Enabling brings no token back.
// Runs the app's own data layer (lib/dal), so each change and its audit event are written by
// the same code as every other change. Refuses to remove the last admin.
import crypto from "node:crypto";
import fs from "node:fs";
import { databaseFile } from "@/lib/server/config.mjs";
import { loadDotEnv } from "@/lib/server/command.mjs";
import { signupSchema } from "@/lib/validation/auth";

const USAGE = [
  "Usage: npm run admin -- grant <email>",
  "       npm run admin -- revoke <email>",
  '       npm run admin -- create <email> [--name "Full Name"] [--admin]',
  "       npm run admin -- reset-password <email>",
  "       npm run admin -- disable <email>",
  "       npm run admin -- enable <email>",
].join("\n");
const CLI_META = { ip: null, userAgent: "cli" };

/** 120 random bits, typed or pasted once. */
const newTemporaryPassword = () => crypto.randomBytes(15).toString("base64url");
const untilText = (until: Date) => `${until.toISOString().replace("T", " ").slice(0, 16)} UTC`;

async function create(args: string[]): Promise<number> {
  const [email, ...rest] = args;
  const nameAt = rest.indexOf("--name");
  const admin = rest.includes("--admin");
  const unknown = rest.filter((arg, i) => arg !== "--admin" && arg !== "--name" && !(nameAt >= 0 && i === nameAt + 1));
  if (!email || unknown.length > 0 || (nameAt >= 0 && !rest[nameAt + 1])) {
    console.error(USAGE);
    return 2;
  }
  const temporaryPassword = newTemporaryPassword();
  const parsed = signupSchema.safeParse({ email, name: nameAt >= 0 ? rest[nameAt + 1] : email.split("@")[0], password: temporaryPassword });
  if (!parsed.success) {
    console.error(`Refused: ${parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`).join(" ")}`);
    return 1;
  }
  const { createAccountAsOperator } = await import("@/lib/dal/operator-accounts");
  const { TEMPORARY_PASSWORD_DAYS } = await import("@/lib/dal/temporary-passwords");
  const result = await createAccountAsOperator({ ...parsed.data, temporaryPassword, admin }, { ...CLI_META, at: new Date() });
  if (!result.ok) {
    console.error(`Refused: An account with the email ${parsed.data.email} already exists.`);
    return 1;
  }
  const role = result.user.role === "ADMIN" ? "an admin" : "a member";
  console.log(`Created ${parsed.data.email} (${result.user.name}), ${role}.`);
  console.log(`Temporary password: ${temporaryPassword}`);
  console.log(`It works until ${untilText(result.temporaryPasswordValidUntil)} (${TEMPORARY_PASSWORD_DAYS} days).`);
  console.log("Give it to them privately: when they first sign in, they must choose their own password.");
  return 0;
}

async function resetPassword(args: string[]): Promise<number> {
  const [email, ...rest] = args;
  if (!email || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const temporaryPassword = newTemporaryPassword();
  const { resetPasswordAsOperator } = await import("@/lib/dal/operator-accounts");
  const { TEMPORARY_PASSWORD_DAYS } = await import("@/lib/dal/temporary-passwords");
  const result = await resetPasswordAsOperator(email, temporaryPassword, { ...CLI_META, at: new Date() });
  if (!result.ok) {
    console.error(`Refused: No account has the email ${email.trim().toLowerCase()}.`);
    return 1;
  }
  console.log(`Reset the password of ${result.user.email} (${result.user.name}): every session of the account has ended.`);
  console.log(`Temporary password: ${temporaryPassword}`);
  console.log(`It works until ${untilText(result.temporaryPasswordValidUntil)} (${TEMPORARY_PASSWORD_DAYS} days).`);
  console.log("Give it to them privately: when they next sign in, they must choose their own password.");
  return 0;
}

async function offboard(command: "disable" | "enable", args: string[]): Promise<number> {
  const [email, ...rest] = args;
  if (!email || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const { disableAccount, enableAccount } = await import("@/lib/dal/offboarding");
  const shown = email.trim().toLowerCase();
  const change = command === "disable" ? disableAccount : enableAccount;
  const result = await change(null, { email }, { meta: { ...CLI_META, at: new Date() } });
  if (!result.ok) {
    const why = {
      not_found: `No account has the email ${shown}.`,
      self: "An admin cannot disable their own account.",
      last_admin: `${shown} is the last active admin. Grant the role to someone else first.`,
      already_disabled: `${shown} is already disabled; nothing changed.`,
      already_active: `${shown} is not disabled; nothing changed.`,
    }[result.reason];
    console.error(`Refused: ${why}`);
    return 1;
  }
  if (command === "enable") {
    console.log(`Enabled ${result.email}: they can sign in again. No token came back; they create new ones.`);
    return 0;
  }
  const tokens = `${result.revokedTokens} personal token${result.revokedTokens === 1 ? " was" : "s were"} revoked`;
  console.log(`Disabled ${result.email}: every session has ended and ${tokens}.`);
  console.log("Team tokens they created keep working: hand them over or revoke them on /admin/users.");
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, email] = argv;
  if (!["grant", "revoke", "create", "reset-password", "disable", "enable"].includes(command ?? "") || !email) {
    console.error(USAGE);
    return 2;
  }
  loadDotEnv();
  if (!fs.existsSync(databaseFile())) {
    console.error(`Refused: There is no database at ${databaseFile()}. Run npm run db:migrate (or npm start) first.`);
    return 1;
  }
  if (command === "create") return create(argv.slice(1));
  if (command === "reset-password") return resetPassword(argv.slice(1));
  if (command === "disable" || command === "enable") return offboard(command, argv.slice(1));
  const { changeRole } = await import("@/lib/dal/operator-accounts");
  const role = command === "grant" ? "ADMIN" : "MEMBER";
  const shown = email.trim().toLowerCase();
  const result = await changeRole(email, role, { detail: "npm run admin", meta: CLI_META });
  if (!result.ok) {
    console.error(
      result.reason === "no_such_account"
        ? `Refused: No account has the email ${shown}.`
        : `Refused: ${shown} is the last admin. Grant the role to someone else first.`,
    );
    return 1;
  }
  if (!result.changed) console.log(`${shown} is already ${role === "ADMIN" ? "an admin" : "a member"}; nothing changed.`);
  else console.log(role === "ADMIN" ? `${shown} is now an admin.` : `${shown} is no longer an admin.`);
  return 0;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
