import { auditCsv } from "@/lib/dal/audit";
import { getCurrentUser, needsTwoFactorSetup } from "@/lib/auth/session";
import { auditQuerySchema } from "@/lib/validation/admin";
import { isAdmin } from "@/lib/scopes";

/** Export CSV: the filtered audit log, streamed batch by batch so its size never matters. */
export async function GET(request: Request) {
  const user = await getCurrentUser();
  // A member, or no session, learns nothing: the same 404 as the admin pages give.
  if (!user || !isAdmin(user) || user.mustChangePassword || (await needsTwoFactorSetup(user.id)))
    return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain" } });

  const query = auditQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const chunks = auditCsv(user, query);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    // pull: the next batch is read only when the client has taken the previous one.
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
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
