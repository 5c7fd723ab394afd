import { Lock } from "lucide-react";
import { Breakable } from "@/components/ui/breakable";
import { cn } from "@/components/ui/cn";

/**
 * A token's name, with the display prefix that tells it apart from others of a similar name,
 * its description, and a marker when it is restricted to some addresses. With `onOpen`, the
 * name is a button that opens the token's details. Nothing is cut short: a long name wraps.
 */
export function TokenName({
  name,
  displayPrefix,
  description,
  allowedIps,
  onOpen,
  className,
}: {
  name: string;
  displayPrefix: string;
  description?: string;
  allowedIps?: string[];
  onOpen?: () => void;
  /** A maximum width, in a table that sizes its columns by content: a long name wraps there instead of widening the table. */
  className?: string;
}) {
  const restricted = allowedIps && allowedIps.length > 0;
  return (
    <div className={cn("min-w-0", className)}>
      {onOpen ? (
        <button
          type="button"
          onClick={onOpen}
          aria-haspopup="dialog"
          className="block max-w-full text-left font-medium wrap-anywhere text-slate-900 underline-offset-2 hover:text-brand-700 hover:underline focus-visible:rounded-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500"
        >
          <Breakable text={name} />
        </button>
      ) : (
        <p className="font-medium wrap-anywhere text-slate-900">
          <Breakable text={name} />
        </p>
      )}
      <p className="flex flex-wrap items-center gap-x-2 gap-y-0.5 font-mono text-xs text-slate-500">
        {displayPrefix}…
        {restricted ? (
          <span
            className="inline-flex items-center gap-1 rounded-full bg-sky-50 px-1.5 py-px font-sans text-[11px] font-medium text-sky-800 ring-1 ring-sky-600/20"
            title={`May be used only from ${allowedIps.join(", ")}`}
          >
            <Lock className="size-3" aria-hidden="true" />
            IP-restricted
          </span>
        ) : null}
      </p>
      {description ? <p className="mt-0.5 max-w-72 text-xs wrap-break-word text-slate-600">{description}</p> : null}
    </div>
  );
}
