// Makes an account and an API token through the app's own DAL, in the database of DATA_DIR
// (with that folder's secrets), and prints them as JSON: how the operations tests get a live
// token for a server they started. Run with `node --conditions=react-server --import tsx`.
import { createToken } from "@/lib/dal/tokens";
import { createUser } from "@/lib/dal/users";

const meta = { ip: "203.0.113.9", userAgent: "operations-test", at: new Date() };
const email = `ops-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
const user = await createUser({ name: "Operations test", email, password: "operations-password" }, meta);
if (!user.ok) throw new Error(user.reason);
const made = await createToken({ id: user.user.id }, { name: "ops", scope: "WRITE" }, { meta });
if (!made.ok) throw new Error(made.reason);
process.stdout.write(JSON.stringify({ email, userId: user.user.id, tokenId: made.token.id, token: made.secret }));
