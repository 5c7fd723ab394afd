import { csvRow } from "@/lib/server/csv";
import { auditEventBatches } from "@/lib/dal/audit";
import { getCurrentUser } from "@/lib/server/session";
import { auditQuerySchema } from "@/lib/validation/admin";

const HEADER = [
  "time_utc",
  "action",
  "actor_email",
  "actor_user_id",
  "actor_token_id",
  "token_id",
  "token_name",
  "token_scope",
  "token_prefix",
  "token_owner_email",
  "detail",
  "ip",
  "user_agent",
];

/** Export CSV: the filtered audit log, streamed batch by batch so its size never matters. */
export async function GET(request: Request) {
  const user = await getCurrentUser();
  // A member, or no session, learns nothing: the same 404 as the admin pages give.
  if (!user || user.role !== "ADMIN") return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain" } });

  const query = auditQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const batches = auditEventBatches(user, query);
  const encoder = new TextEncoder();
  let headerSent = false;

  const body = new ReadableStream<Uint8Array>({
    // pull: the next batch is read only when the client has taken the previous one.
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvRow(HEADER)));
        return;
      }
      const next = await batches.next();
      if (next.done) {
        controller.close();
        return;
      }
      const lines = next.value.map((e) =>
        csvRow([
          e.createdAt,
          e.action,
          e.actorEmail,
          e.actorUserId,
          e.actorTokenId,
          e.targetTokenId,
          e.targetTokenName,
          e.targetTokenScope,
          e.targetTokenPrefix,
          e.targetOwnerEmail,
          e.detail,
          e.ip,
          e.userAgent,
        ]),
      );
      controller.enqueue(encoder.encode(lines.join("")));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });

  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${stamp}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
