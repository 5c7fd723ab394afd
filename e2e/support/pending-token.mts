// Marks an API token pending approval, as the policies' creation rule does (status, then the
// approval hook in the same transaction), in the database of DATA_DIR: how the approvals spec
// gets a token to decide on. Run with `node --conditions=react-server --import tsx`; PENDING_TOKEN_ID names it.
import { requestApproval } from "@/lib/dal/approvals";
import { snapshot, snapshotSelect } from "@/lib/dal/tokens";
import { writeTransaction } from "@/lib/server/db";

const id = process.env.PENDING_TOKEN_ID;
if (!id) throw new Error("PENDING_TOKEN_ID names the token");
const meta = { ip: "203.0.113.9", userAgent: "e2e", at: new Date() };
await writeTransaction(async (tx) => {
  await tx.apiToken.update({ where: { id }, data: { status: "pending" } });
  await requestApproval(tx, snapshot(await tx.apiToken.findUniqueOrThrow({ where: { id }, select: snapshotSelect })), { meta });
});
process.stdout.write("pending\n");
