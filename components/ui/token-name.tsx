/** A token's name, with the display prefix that tells it apart from others of a similar name. */
export function TokenName({ name, displayPrefix }: { name: string; displayPrefix: string }) {
  return (
    <div className="min-w-0">
      <p className="truncate font-medium text-slate-900">{name}</p>
      <p className="mt-0.5 font-mono text-xs text-slate-500">{displayPrefix}…</p>
    </div>
  );
}
