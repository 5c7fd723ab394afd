import { AppShell } from "@/components/app-shell/app-shell";
import { SudoProvider } from "@/components/sudo/sudo-provider";
import { requireUser } from "@/lib/auth/session";
import { pendingTokenCount } from "@/lib/dal/approvals";
import { hasPassword } from "@/lib/dal/reauthentication";
import { secondFactors } from "@/lib/dal/two-factor";
import { teamsOf } from "@/lib/dal/team-access";
import { isAdmin } from "@/lib/scopes";
import { env } from "@/lib/server/config.mjs";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  // Each page checks again, and sends someone with a temporary password to /account.
  const user = await requireUser({ passwordChange: "allowed", twoFactorSetup: "allowed" });
  // Admins see how many tokens wait for their approval, on every page (one count on an index).
  const [memberships, password, factors, pending] = await Promise.all([
    teamsOf(user.id),
    hasPassword(user.id),
    secondFactors(user.id),
    isAdmin(user) ? pendingTokenCount(user) : null,
  ]);
  const teams = memberships.map((team) => ({ id: team.teamId, name: team.teamName }));
  const navCounts = pending === null ? undefined : { "/admin/approvals": pending };
  return (
    <AppShell user={{ name: user.name, email: user.email, role: user.role }} teams={teams} navCounts={navCounts}>
      <SudoProvider methods={{ password, code: factors.totp, passkey: factors.passkeys > 0 }} minutes={env().SUDO_MODE_MINUTES}>
        {children}
      </SudoProvider>
    </AppShell>
  );
}
