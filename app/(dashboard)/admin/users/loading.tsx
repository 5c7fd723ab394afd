import { Spinner } from "@/components/ui/spinner";
import { USERS_WORDS as W } from "./words";

export default function Loading() {
  return (
    <div role="status" className="flex items-center gap-3 py-16 text-sm text-slate-600">
      <Spinner />
      {W.loading}
    </div>
  );
}
