import { KeyRound } from "lucide-react";
import { cn } from "@/components/ui/cn";

export function Brand({ tone = "dark" }: { tone?: "dark" | "light" }) {
  return (
    <span className="flex items-center gap-2.5">
      <span className="grid size-8 place-items-center rounded-lg bg-brand-600 text-white shadow-sm">
        <KeyRound className="size-4.5" aria-hidden="true" />
      </span>
      <span className={cn("text-base font-semibold tracking-tight", tone === "light" ? "text-white" : "text-slate-900")}>
        Token Console
      </span>
    </span>
  );
}
