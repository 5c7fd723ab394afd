// `npm run admin -- grant <email>` / `npm run admin -- revoke <email>`: who is an admin.
// Runs the app's own data layer (lib/dal), so the change and its audit event are written by
// the same code as every other change. Refuses to remove the last admin.
import fs from "node:fs";
import { databaseFile, loadDotEnv } from "@/lib/server/config.mjs";

const USAGE = "Usage: npm run admin -- grant <email>\n       npm run admin -- revoke <email>";

async function main(argv: string[]): Promise<number> {
  const [command, email] = argv;
  if ((command !== "grant" && command !== "revoke") || !email) {
    console.error(USAGE);
    return 2;
  }
  loadDotEnv();
  if (!fs.existsSync(databaseFile())) {
    console.error(`Refused: There is no database at ${databaseFile()}. Run npm run db:migrate (or npm start) first.`);
    return 1;
  }
  const { changeRole } = await import("@/lib/dal/users");
  const role = command === "grant" ? "ADMIN" : "MEMBER";
  const shown = email.trim().toLowerCase();
  const result = await changeRole(email, role, { detail: "npm run admin", meta: { ip: null, userAgent: "cli" } });
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
