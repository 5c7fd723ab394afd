"use client";

import { useEffect, useState } from "react";
import { MESSAGES, type ActionResult } from "@/lib/model";

export type Loaded<T> = { status: "loading" } | { status: "ready"; data: T } | { status: "failed"; message: string };

/**
 * What a server action answers for `key`, read again when the key changes or on `retry`. An
 * answer for a key no longer asked for is dropped. While the next one loads, the last data stays
 * (`last`), so that a window switch does not make the panel jump. `initial`: what the page was
 * rendered with, for its key.
 */
export function useLoad<T>(key: string, load: () => Promise<ActionResult<T>>, initial?: { key: string; data: T }) {
  const [state, setState] = useState<{ key: string; reads: number; loaded: Loaded<T>; last: T | null }>(() => ({
    key,
    reads: 0,
    loaded: initial?.key === key ? { status: "ready", data: initial.data } : { status: "loading" },
    last: null,
  }));
  // What the page rendered with needs no reading again (until a retry).
  const [served, setServed] = useState(initial?.key);
  const [reads, setReads] = useState(0);
  if (state.key !== key || state.reads !== reads) {
    setServed(undefined);
    setState((s) => ({ key, reads, loaded: { status: "loading" }, last: s.loaded.status === "ready" ? s.loaded.data : s.last }));
  }
  useEffect(() => {
    if (key === served) return;
    let current = true;
    void load()
      .catch((): ActionResult<T> => ({ ok: false, message: MESSAGES.noAnswer }))
      .then((result) => {
        if (!current) return;
        setState((s) => ({
          ...s,
          loaded: result.ok ? { status: "ready", data: result.data } : { status: "failed", message: result.message },
        }));
      });
    return () => {
      current = false;
    };
    // `load` is made anew each render; the key says what it reads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, reads]);
  return { loaded: state.loaded, last: state.last, retry: () => setReads((n) => n + 1) };
}
