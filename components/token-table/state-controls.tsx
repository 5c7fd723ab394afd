"use client";

import { Ban, CircleCheck } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActionResult } from "@/lib/model";
import { STATE_ACTION_WORDS } from "./state-words";

// Disable and Enable, as the API Token page (and a team's) and All Tokens offer them: the row's
// button and its confirmation. Each page passes its own action (the owner's, or an admin's).

export type StateChange<T extends { id: string; name: string }> = { token: T; to: "disabled" | "active" };

/** Disable (`to: "disabled"`) or Enable a row's token. `compact`: at a laptop's width, its icon only (its name stays its accessible name and title). */
export function StateButton({
  name,
  to,
  onClick,
  compact = false,
  size = "xs",
}: {
  name: string;
  to: "disabled" | "active";
  onClick: () => void;
  compact?: boolean;
  size?: "xs" | "sm";
}) {
  const disabling = to === "disabled";
  const Icon = disabling ? Ban : CircleCheck;
  const label = disabling ? STATE_ACTION_WORDS.disable : STATE_ACTION_WORDS.enable;
  return (
    <Button
      variant="ghost"
      size={size}
      aria-label={disabling ? STATE_ACTION_WORDS.disableLabel(name) : STATE_ACTION_WORDS.enableLabel(name)}
      title={compact ? label : undefined}
      onClick={onClick}
    >
      {compact ? <Icon className="size-4" aria-hidden="true" /> : null}
      <span className={compact ? "xl:sr-only" : undefined}>{label}</span>
    </Button>
  );
}

/** The confirmation of a Disable (destructive: an alert dialog) or an Enable, then the notice naming the token. */
export function StateDialog<T extends { id: string; name: string }>({
  subject,
  action,
  onClose,
  onNotice,
}: {
  subject: StateChange<T> | null;
  action: (change: StateChange<T>) => Promise<ActionResult<{ name: string; to: "disabled" | "active" }>>;
  onClose: () => void;
  onNotice: (message: string) => void;
}) {
  const enabling = subject?.to === "active";
  return (
    <ConfirmDialog
      subject={subject}
      title={({ token, to }) =>
        to === "disabled" ? STATE_ACTION_WORDS.disableTitle(token.name) : STATE_ACTION_WORDS.enableTitle(token.name)
      }
      description={enabling ? STATE_ACTION_WORDS.enableDescription : STATE_ACTION_WORDS.disableDescription}
      confirmLabel={enabling ? STATE_ACTION_WORDS.enableConfirm : STATE_ACTION_WORDS.disableConfirm}
      tone={enabling ? "primary" : "danger"}
      action={action}
      onClose={onClose}
      onDone={({ name, to }) => onNotice(to === "disabled" ? STATE_ACTION_WORDS.disabled(name) : STATE_ACTION_WORDS.enabled(name))}
    />
  );
}
