import { USERS_WORDS as W } from "../words";

export function StatusBadge({ disabledAt }: { disabledAt: string | null }) {
  return disabledAt ? (
    <span className="inline-flex rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-800 ring-1 ring-red-200">
      {W.disabled}
    </span>
  ) : (
    <span className="inline-flex rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-emerald-200">
      {W.active}
    </span>
  );
}
