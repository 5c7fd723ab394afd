"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { NAV_SECTIONS } from "@/components/app-shell/nav-items";

/** `counts`: a number to show beside an entry, by its href (the approvals waiting); none or 0: nothing. */
export function SidebarNav({
  isAdmin,
  onNavigate,
  counts = {},
}: {
  isAdmin: boolean;
  onNavigate?: () => void;
  counts?: Record<string, number>;
}) {
  const pathname = usePathname();
  // The entry whose address is the longest start of the page's: /admin/tokens is All Tokens, not Overview.
  const current = NAV_SECTIONS.flatMap((section) => section.items)
    .map((item) => item.href)
    .filter((href) => pathname === href || pathname.startsWith(`${href}/`))
    .sort((a, b) => b.length - a.length)[0];
  return (
    <nav aria-label="Main" className="flex flex-col gap-6">
      {NAV_SECTIONS.map((section) => {
        const items = section.items.filter((item) => isAdmin || !item.adminOnly);
        if (items.length === 0) return null;
        return (
          <div key={section.title}>
            <p className="px-3 text-xs font-semibold tracking-wider text-sidebar-muted uppercase">{section.title}</p>
            <ul className="mt-2 space-y-1">
              {items.map(({ href, label, icon: Icon }) => {
                const active = href === current;
                return (
                  <li key={href}>
                    <Link
                      href={href}
                      onClick={onNavigate}
                      aria-current={active ? "page" : undefined}
                      className={cn(
                        "flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors",
                        active ? "bg-brand-600 text-white" : "text-slate-300 hover:bg-sidebar-hover hover:text-white",
                      )}
                    >
                      <Icon className="size-4.5" aria-hidden="true" />
                      <span className="flex-1">{label}</span>
                      {counts[href] ? (
                        <span className="rounded-full bg-amber-400 px-2 py-px text-xs font-semibold text-slate-900">
                          {counts[href]}
                          <span className="sr-only"> waiting</span>
                        </span>
                      ) : null}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
