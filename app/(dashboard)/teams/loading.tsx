import { Spinner } from "@/components/ui/spinner";

export default function Loading() {
  return (
    <p role="status" className="flex items-center gap-2 py-12 text-sm text-slate-600">
      <Spinner className="size-4" /> Loading teams…
    </p>
  );
}
