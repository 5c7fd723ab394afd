"use client";

import { useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";
import { MESSAGES, TOKEN_INTENTS, type TokenIntent } from "@/lib/model";
import type { TokenRow } from "@/lib/token-columns";
import { tokenDetailsAction } from "../actions";

type Handlers = {
  onEdit: (id: string) => void;
  onDelete: (token: TokenRow) => void;
  onMissing: (message: string) => void;
};

/**
 * /api-tokens?edit=<id> and ?delete=<id> (a new-address notice's links, on this page and in its
 * email) open that token's Edit or its Delete confirmation, once: the parameter leaves the
 * address at once, so that a reload or the back button does not open it again. A token that is
 * not on this page of the listing is looked up; one that is gone says so.
 */
export function useTokenIntent(rows: TokenRow[], handlers: Handlers) {
  const params = useSearchParams();
  const latest = useRef({ rows, handlers });
  useEffect(() => {
    latest.current = { rows, handlers };
  });

  useEffect(() => {
    const intent = TOKEN_INTENTS.find((name) => params.has(name));
    if (!intent) return;
    const id = params.get(intent) ?? "";
    const url = new URL(window.location.href);
    for (const name of TOKEN_INTENTS) url.searchParams.delete(name);
    window.history.replaceState(window.history.state, "", url);
    void act(intent, id, latest.current.rows, latest.current.handlers);
  }, [params]);
}

async function act(intent: TokenIntent, id: string, rows: TokenRow[], { onEdit, onDelete, onMissing }: Handlers) {
  if (intent === "edit") return onEdit(id);
  const row = rows.find((token) => token.id === id);
  if (row) return onDelete(row);
  const found = await tokenDetailsAction({ id }).catch(() => ({ ok: false as const, message: MESSAGES.noAnswer }));
  if (found.ok) onDelete(found.data);
  else onMissing(found.message);
}
