import "server-only";
import type { Page } from "@/lib/model";

/** Clamps the requested page to the last one (a stale link shows the end, not nothing) and fetches it. */
export async function paginate<T>(
  total: number,
  requested: number,
  pageSize: number,
  fetch: (skip: number, take: number) => Promise<T[]>,
): Promise<Page<T>> {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(requested, pageCount);
  const rows = await fetch((page - 1) * pageSize, pageSize);
  return { rows, total, page, pageSize, pageCount };
}
