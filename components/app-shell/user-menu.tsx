"use client";

import { LogOut } from "lucide-react";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Spinner } from "@/components/ui/spinner";

export type ShellUser = { name: string; email: string; role: "MEMBER" | "ADMIN" };

export function UserMenu({ user }: { user: ShellUser }) {
  const [leaving, setLeaving] = useState(false);
  const initials = user.name
    .split(/\s+/)
    .map((part) => [...part][0] ?? "")
    .slice(0, 2)
    .join("")
    .toUpperCase();
  return (
    <div className="flex items-center gap-3 border-t border-white/10 pt-4">
      <span aria-hidden="true" className="grid size-9 shrink-0 place-items-center rounded-full bg-slate-700 text-sm font-semibold text-white">
        {initials || "?"}
      </span>
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium text-white">{user.name}</p>
        <p className="truncate text-xs text-sidebar-muted">
          {user.email}
          {user.role === "ADMIN" ? " · Admin" : ""}
        </p>
      </div>
      <button
        type="button"
        onClick={() => {
          setLeaving(true);
          void signOut({ callbackUrl: "/login" });
        }}
        disabled={leaving}
        className="flex items-center gap-1.5 rounded-md px-2 py-1.5 text-xs font-medium text-slate-300 hover:bg-sidebar-hover hover:text-white"
      >
        {leaving ? <Spinner className="size-3.5" /> : <LogOut className="size-3.5" aria-hidden="true" />}
        Log out
      </button>
    </div>
  );
}
