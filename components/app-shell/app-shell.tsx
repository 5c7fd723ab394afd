import { Brand } from "@/components/brand";
import { MobileNav } from "@/components/app-shell/mobile-nav";
import { SidebarNav } from "@/components/app-shell/sidebar-nav";
import { UserMenu, type ShellUser } from "@/components/app-shell/user-menu";
import { ContextSwitcher, type ShellTeam } from "@/components/app-shell/context-switcher";
import { isAdmin } from "@/lib/scopes";
import { Suspense } from "react";

export function AppShell({
  user,
  teams = [],
  navCounts,
  children,
}: {
  user: ShellUser;
  teams?: ShellTeam[];
  navCounts?: Record<string, number>;
  children: React.ReactNode;
}) {
  return (
    <div className="min-h-screen lg:flex">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      {/* The dark column runs the full height of the page; the sidebar inside it stays in view while the page scrolls. */}
      <div className="hidden w-64 shrink-0 bg-sidebar lg:block">
        <aside className="sticky top-0 flex h-screen flex-col gap-8 px-4 py-5" aria-label="Sidebar">
          <div className="px-2">
            <Brand tone="light" />
          </div>
          <Suspense>
            <ContextSwitcher teams={teams} />
          </Suspense>
          <div className="flex-1 overflow-y-auto">
            <SidebarNav isAdmin={isAdmin(user)} counts={navCounts} />
          </div>
          <UserMenu user={user} />
        </aside>
      </div>
      <div className="min-w-0 flex-1">
        <div className="sticky top-0 z-30 flex items-center justify-between border-b border-slate-200 bg-white/90 px-4 py-3 backdrop-blur lg:hidden">
          <Brand />
          <MobileNav user={user} teams={teams} navCounts={navCounts} />
        </div>
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl px-4 py-6 outline-none sm:px-6 lg:px-10 lg:py-10">
          {children}
        </main>
      </div>
    </div>
  );
}
