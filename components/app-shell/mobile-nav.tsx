"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import { Menu, X } from "lucide-react";
import { Suspense, useState } from "react";
import { ContextSwitcher, type ShellTeam } from "@/components/app-shell/context-switcher";
import { Brand } from "@/components/brand";
import { SidebarNav } from "@/components/app-shell/sidebar-nav";
import { UserMenu, type ShellUser } from "@/components/app-shell/user-menu";
import { isAdmin } from "@/lib/scopes";

/** Below the lg breakpoint the sidebar becomes a menu that slides in from the left. */
export function MobileNav({ user, teams = [], navCounts }: { user: ShellUser; teams?: ShellTeam[]; navCounts?: Record<string, number> }) {
  const [open, setOpen] = useState(false);
  return (
    <RadixDialog.Root open={open} onOpenChange={setOpen}>
      <RadixDialog.Trigger className="rounded-md p-2 text-slate-600 hover:bg-slate-100" aria-label="Open navigation">
        <Menu className="size-5" aria-hidden="true" />
      </RadixDialog.Trigger>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/50 lg:hidden" />
        <RadixDialog.Content className="fixed inset-y-0 left-0 z-50 flex w-72 flex-col gap-8 bg-sidebar p-5 lg:hidden">
          <RadixDialog.Title className="sr-only">Navigation</RadixDialog.Title>
          <div className="flex items-center justify-between">
            <Brand tone="light" />
            <RadixDialog.Close className="rounded-md p-1.5 text-slate-300 hover:bg-sidebar-hover" aria-label="Close navigation">
              <X className="size-5" aria-hidden="true" />
            </RadixDialog.Close>
          </div>
          <Suspense>
            <ContextSwitcher teams={teams} onNavigate={() => setOpen(false)} />
          </Suspense>
          <div className="flex-1">
            <SidebarNav isAdmin={isAdmin(user)} onNavigate={() => setOpen(false)} counts={navCounts} />
          </div>
          <UserMenu user={user} />
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
