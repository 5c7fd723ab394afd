"use client";

import { LogOut } from "lucide-react";
import { useFormStatus } from "react-dom";
import { Spinner } from "@/components/ui/spinner";
import { logoutAction } from "@/lib/auth/session-actions";
import { isAdmin, type Role } from "@/lib/scopes";

export type ShellUser = { name: string; email: string; role: Role };

export function UserMenu({ user }: { user: ShellUser }) {
  const initials = user.name
    .split(/\s+/)
    .map((part) => [...part][0] ?? "")
    .slice(0, 2)
    .join("")
    .toUpperCase();
  return (
    <div className="border-t border-white/10 pt-4">
      <div className="flex items-center gap-3 px-1">
        <span
          aria-hidden="true"
          className="grid size-9 shrink-0 place-items-center rounded-full bg-slate-700 text-sm font-semibold text-white"
        >
          {initials || "?"}
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium text-white">{user.name}</p>
          <p className="truncate text-xs text-sidebar-muted">{user.email}</p>
        </div>
        {isAdmin(user) ? <span className="rounded-full bg-white/10 px-2 py-0.5 text-[11px] font-medium text-slate-200">Admin</span> : null}
      </div>
      <form action={logoutAction}>
        <LogoutButton />
      </form>
    </div>
  );
}

function LogoutButton() {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      className="mt-3 flex w-full items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium text-slate-300 transition-colors hover:bg-sidebar-hover hover:text-white"
    >
      {pending ? <Spinner className="size-4" /> : <LogOut className="size-4" aria-hidden="true" />}
      Log out
    </button>
  );
}
