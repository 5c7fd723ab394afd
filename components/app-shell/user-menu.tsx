"use client";

import { LogOut } from "lucide-react";
import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Spinner } from "@/components/ui/spinner";

export type ShellUser = { name: string; email: string; role: "MEMBER" | "ADMIN" };

export function UserMenu({ user }: { user: ShellUser }) {
  const router = useRouter();
  const [leaving, setLeaving] = useState(false);
  const initials = user.name
    .split(/\s+/)
    .map((part) => [...part][0] ?? "")
    .slice(0, 2)
    .join("")
    .toUpperCase();
  return (
    <div className="border-t border-white/10 pt-4">
      <div className="flex items-center gap-3 px-1">
      <span aria-hidden="true" className="grid size-9 shrink-0 place-items-center rounded-full bg-slate-700 text-sm font-semibold text-white">
        {initials || "?"}
      </span>
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium text-white">{user.name}</p>
        <p className="truncate text-xs text-sidebar-muted">
          {user.email}
        </p>
      </div>
        {user.role === "ADMIN" ? (
          <span className="rounded-full bg-white/10 px-2 py-0.5 text-[11px] font-medium text-slate-200">Admin</span>
        ) : null}
      </div>
      <button
        type="button"
        onClick={async () => {
          setLeaving(true);
          // No redirect from next-auth: it would build the URL from NEXTAUTH_URL, not from this host.
          await signOut({ redirect: false });
          router.replace("/login");
          router.refresh();
        }}
        disabled={leaving}
        className="mt-3 flex w-full items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium text-slate-300 transition-colors hover:bg-sidebar-hover hover:text-white"
      >
        {leaving ? <Spinner className="size-4" /> : <LogOut className="size-4" aria-hidden="true" />}
        Log out
      </button>
    </div>
  );
}
