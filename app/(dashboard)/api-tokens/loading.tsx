export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading API tokens" className="animate-pulse">
      <div className="h-8 w-40 rounded bg-slate-200" />
      <div className="mt-3 h-4 w-96 max-w-full rounded bg-slate-200" />
      <div className="mt-8 h-10 w-72 rounded-lg bg-slate-200" />
      <div className="mt-4 space-y-px overflow-hidden rounded-xl border border-slate-200 bg-white">
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="h-14 bg-slate-100/70" />
        ))}
      </div>
    </div>
  );
}
