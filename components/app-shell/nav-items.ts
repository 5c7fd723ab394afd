import {
  BookOpen,
  ChartColumn,
  ClipboardCheck,
  FileWarning,
  KeyRound,
  ScrollText,
  ShieldCheck,
  SlidersHorizontal,
  UserRound,
  Users,
  Webhook,
  type LucideIcon,
} from "lucide-react";

export type NavItem = { href: string; label: string; icon: LucideIcon; adminOnly?: boolean };
export type NavSection = { title: string; items: NavItem[] };

/** The platform's navigation. The labels match the cloud console's guide. */
export const NAV_SECTIONS: NavSection[] = [
  {
    title: "Access",
    items: [
      { href: "/api-tokens", label: "API Token", icon: KeyRound },
      { href: "/teams", label: "Teams", icon: Users },
      { href: "/webhooks", label: "Webhooks", icon: Webhook },
      { href: "/api-docs", label: "API Docs", icon: BookOpen },
      { href: "/account", label: "Account", icon: UserRound },
    ],
  },
  {
    title: "Admin",
    items: [
      { href: "/admin", label: "Overview", icon: ChartColumn, adminOnly: true },
      { href: "/admin/tokens", label: "All Tokens", icon: ShieldCheck, adminOnly: true },
      // Issue 28: the approvals queue; its entry shows how many tokens wait (navCounts).
      { href: "/admin/approvals", label: "Approvals", icon: ClipboardCheck, adminOnly: true },
      { href: "/admin/policies", label: "Policies", icon: SlidersHorizontal, adminOnly: true },
      { href: "/admin/compliance", label: "Compliance", icon: FileWarning, adminOnly: true },
      { href: "/admin/audit", label: "Audit Log", icon: ScrollText, adminOnly: true },
      { href: "/admin/users", label: "Users", icon: Users, adminOnly: true },
    ],
  },
];
