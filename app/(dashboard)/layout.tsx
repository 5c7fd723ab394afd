import { AppShell } from "@/components/app-shell/app-shell";
import { requireUser } from "@/lib/auth/session";
import { teamsOf } from "@/lib/dal/team-access";
import { pendingTokenCount } from "@/lib/dal/approvals";
import { isAdmin } from "@/lib/scopes";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  // Each page checks again, and sends someone with a temporary password to /account.
  const user = await requireUser({ passwordChange: "allowed" });
  const teams = (await teamsOf(user.id)).map((team) => ({ id: team.teamId, name: team.teamName }));
  // Admins see how many tokens wait for their approval, on every page (one count on an index).
  const navCounts = isAdmin(user) ? { "/admin/approvals": await pendingTokenCount(user) } : undefined;
  return (
    <AppShell user={{ name: user.name, email: user.email, role: user.role }} teams={teams} navCounts={navCounts}>
      {children}
    </AppShell>
  );
}
