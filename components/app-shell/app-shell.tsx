import { Brand } from "@/components/brand";
import { MobileNav } from "@/components/app-shell/mobile-nav";
import { SidebarNav } from "@/components/app-shell/sidebar-nav";
import { UserMenu, type ShellUser } from "@/components/app-shell/user-menu";

export function AppShell({ user, children }: { user: ShellUser; children: React.ReactNode }) {
  return (
    <div className="min-h-screen lg:pl-64">
      <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow">
        Skip to content
      </a>
      <aside className="fixed inset-y-0 left-0 hidden w-64 flex-col gap-8 bg-sidebar px-4 py-5 lg:flex" aria-label="Sidebar">
        <div className="px-2">
          <Brand tone="light" />
        </div>
        <div className="flex-1 overflow-y-auto">
          <SidebarNav isAdmin={user.role === "ADMIN"} />
        </div>
        <UserMenu user={user} />
      </aside>
      <div className="sticky top-0 z-30 flex items-center justify-between border-b border-slate-200 bg-white/90 px-4 py-3 backdrop-blur lg:hidden">
        <Brand />
        <MobileNav user={user} />
      </div>
      <main id="main" className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6 lg:px-10 lg:py-10">
        {children}
      </main>
    </div>
  );
}
