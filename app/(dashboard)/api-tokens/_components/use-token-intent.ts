"use client";

import { useEffect, useRef } from "react";
import { MESSAGES, TOKEN_INTENTS, type TokenIntent, type TokenIntentRequest } from "@/lib/model";
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
 * not on this page of the listing is looked up; one that is gone says so. The server reads the
 * parameter and passes it down (a new object at each navigation, the same link clicked twice
 * included): reading the address here with useSearchParams would leave the whole listing to the
 * browser, and without JavaScript the page would be empty.
 */
export function useTokenIntent(request: TokenIntentRequest, rows: TokenRow[], handlers: Handlers) {
  const latest = useRef({ rows, handlers });
  useEffect(() => {
    latest.current = { rows, handlers };
  });

  useEffect(() => {
    if (!request) return;
    const url = new URL(window.location.href);
    for (const name of TOKEN_INTENTS) url.searchParams.delete(name);
    window.history.replaceState(window.history.state, "", url);
    void act(request.intent, request.id, latest.current.rows, latest.current.handlers);
  }, [request]);
}

async function act(intent: TokenIntent, id: string, rows: TokenRow[], { onEdit, onDelete, onMissing }: Handlers) {
  if (intent === "edit") return onEdit(id);
  const row = rows.find((token) => token.id === id);
  if (row) return onDelete(row);
  const found = await tokenDetailsAction({ id }).catch(() => ({ ok: false as const, message: MESSAGES.noAnswer }));
  if (found.ok) onDelete(found.data);
  else onMissing(found.message);
}
