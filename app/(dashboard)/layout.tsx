import { AppShell } from "@/components/app-shell/app-shell";
import { requireUser } from "@/lib/auth/session";
import { teamsOf } from "@/lib/dal/team-access";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  // Each page checks again, and sends someone with a temporary password to /account.
  const user = await requireUser({ passwordChange: "allowed", twoFactorSetup: "allowed" });
  const teams = (await teamsOf(user.id)).map((team) => ({ id: team.teamId, name: team.teamName }));
  return (
    <AppShell user={{ name: user.name, email: user.email, role: user.role }} teams={teams}>
      {children}
    </AppShell>
  );
}
