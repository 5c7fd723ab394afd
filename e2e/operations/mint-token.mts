// Makes an account and an API token through the app's own DAL, in the database of DATA_DIR
// (with that folder's secrets), and prints them as JSON: how the operations tests get a live
// token for a server they started. Run with `node --conditions=react-server --import tsx`.
// MINT_TOKENS (JSON, optional): the account's tokens, each `{ name?, scope, permissions?,
// allowedIps? }` as createToken takes them; by default one Write token. The first one is the
// printed `tokenId` and `token`; all of them are in `tokens`, in order.
import { createToken, type NewToken } from "@/lib/dal/tokens";
import { createUser } from "@/lib/dal/users";

const meta = { ip: "203.0.113.9", userAgent: "operations-test", at: new Date() };
const email = `ops-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
const wanted = (process.env.MINT_TOKENS ? JSON.parse(process.env.MINT_TOKENS) : [{ scope: "WRITE" }]) as (Omit<NewToken, "name"> & {
  name?: string;
})[];
const user = await createUser({ name: "Operations test", email, password: "operations-password" }, meta);
if (!user.ok) throw new Error(user.reason);
const tokens: { id: string; token: string }[] = [];
for (const [index, input] of wanted.entries()) {
  const made = await createToken(user.user, { ...input, name: input.name ?? (index === 0 ? "ops" : `ops-${index}`) }, { meta });
  if (!made.ok) throw new Error(made.reason);
  tokens.push({ id: made.token.id, token: made.secret });
}
process.stdout.write(JSON.stringify({ email, userId: user.user.id, tokenId: tokens[0]!.id, token: tokens[0]!.token, tokens }));
