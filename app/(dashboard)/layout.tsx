import { AppShell } from "@/components/app-shell/app-shell";
import { SudoProvider } from "@/components/sudo/sudo-provider";
import { requireUser } from "@/lib/auth/session";
import { hasPassword } from "@/lib/dal/reauthentication";
import { teamsOf } from "@/lib/dal/team-access";
import { env } from "@/lib/server/config.mjs";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  // Each page checks again, and sends someone with a temporary password to /account.
  const user = await requireUser({ passwordChange: "allowed" });
  const [memberships, password] = await Promise.all([teamsOf(user.id), hasPassword(user.id)]);
  const teams = memberships.map((team) => ({ id: team.teamId, name: team.teamName }));
  return (
    <AppShell user={{ name: user.name, email: user.email, role: user.role }} teams={teams}>
      <SudoProvider methods={{ password }} minutes={env().SUDO_MODE_MINUTES}>
        {children}
      </SudoProvider>
    </AppShell>
  );
}
