"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { useState } from "react";
import { cn } from "@/components/ui/cn";

type FocusProps = {
  /** What takes focus as the panel opens (by default its first focusable element). */
  initialFocus?: React.RefObject<HTMLElement | null>;
  /** Where focus goes as it closes, when not back to what opened it (null: back to it; false: leave it to another panel closing too). */
  returnFocus?: () => HTMLElement | null | false;
};

type PanelProps = FocusProps & {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: React.ReactNode;
  children: React.ReactNode;
  role?: "dialog" | "alertdialog";
  /** A drawer with more to show (a token's details): wider on a laptop, the whole width on a phone as always. */
  wide?: boolean;
  /** A question over another open panel: above it, and its overlay dims that panel too. */
  stacked?: boolean;
};

// Radix gives both panels a focus trap, Escape to close, and aria-labelledby/aria-describedby
// wired to the title and description. The panels here are opened by state, not by a Radix
// trigger, so they remember what had focus when they opened and give it back when they close;
// when that element is gone (the row of a deleted token), focus goes to the page's main region.
// The opener is read while rendering the open panel, before any field in it takes focus.

function useReturnFocus(open: boolean, { initialFocus, returnFocus }: FocusProps) {
  const [seen, setSeen] = useState<{ open: boolean; opener: HTMLElement | null }>({ open: false, opener: null });
  if (seen.open !== open) {
    const active = open && typeof document !== "undefined" ? document.activeElement : null;
    setSeen({ open, opener: active instanceof HTMLElement ? active : seen.opener });
  }
  return {
    onOpenAutoFocus: (event: Event) => {
      if (!initialFocus?.current) return;
      event.preventDefault();
      initialFocus.current.focus();
    },
    onCloseAutoFocus: (event: Event) => {
      event.preventDefault();
      const chosen = returnFocus?.() ?? null;
      if (chosen === false) return;
      const target = chosen ?? (seen.opener?.isConnected ? seen.opener : document.getElementById("main"));
      target?.focus({ preventScroll: true });
    },
  };
}

/** A panel that slides in from the right: the console's "sidebar" for multi-step forms. */
export function Drawer({ open, onOpenChange, title, description, children, wide = false, ...focusProps }: PanelProps) {
  const focus = useReturnFocus(open, focusProps);
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40 backdrop-blur-[1px] data-[state=open]:animate-fade-in" />
        <RadixDialog.Content
          {...focus}
          className={cn(
            "fixed inset-y-0 right-0 z-50 flex w-full flex-col bg-white shadow-2xl outline-none data-[state=open]:animate-slide-in-right",
            wide ? "max-w-xl" : "max-w-md",
          )}
        >
          <header className="flex items-start justify-between gap-4 border-b border-slate-200 px-6 py-5">
            <div className="min-w-0">
              <RadixDialog.Title className="text-lg font-semibold break-words text-slate-900">{title}</RadixDialog.Title>
              {description ? (
                <RadixDialog.Description className="mt-1 text-sm text-slate-600">{description}</RadixDialog.Description>
              ) : null}
            </div>
            <CloseButton />
          </header>
          <div className="flex min-h-0 flex-1 flex-col">{children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** A centred dialog for confirmations. */
export function Modal({ open, onOpenChange, title, description, children, role = "dialog", stacked = false, ...focusProps }: PanelProps) {
  const focus = useReturnFocus(open, focusProps);
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay
          className={cn("fixed inset-0 bg-slate-900/40 data-[state=open]:animate-fade-in", stacked ? "z-[60]" : "z-40")}
        />
        <RadixDialog.Content
          role={role}
          {...focus}
          className={cn(
            "fixed top-1/2 left-1/2 w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2",
            stacked ? "z-[70]" : "z-50",
            "rounded-xl bg-white p-6 shadow-2xl outline-none data-[state=open]:animate-zoom-in",
          )}
        >
          <RadixDialog.Title className="pr-8 text-lg font-semibold text-slate-900">{title}</RadixDialog.Title>
          {description ? <RadixDialog.Description className="mt-2 text-sm text-slate-600">{description}</RadixDialog.Description> : null}
          <div className="absolute top-4 right-4">
            <CloseButton />
          </div>
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

function CloseButton() {
  return (
    <RadixDialog.Close
      aria-label="Close"
      className="-m-1 rounded-md p-1 text-slate-500 transition-colors hover:bg-slate-100 hover:text-slate-700"
    >
      <X className="size-5" aria-hidden="true" />
    </RadixDialog.Close>
  );
}
