import type { Updater } from "@tanstack/react-table";

/** TanStack hands state changes over as a value or a function of the old value. */
export function resolveUpdater<T>(updater: Updater<T>, current: T): T {
  return typeof updater === "function" ? (updater as (old: T) => T)(current) : updater;
}
