import Link from "next/link";

/** What every 404 says: the root one (an unknown address) and the console's (a member on an admin page). */
export function PageNotFound({ signedIn }: { signedIn: boolean }) {
  return (
    <div className="flex flex-col items-center gap-6 py-16 text-center">
      <div>
        <p className="text-sm font-semibold text-brand-600">404</p>
        <h1 className="mt-1 text-2xl font-semibold text-slate-900">This page does not exist</h1>
        <p className="mt-2 text-sm text-slate-600">{signedIn ? "Check the address, or go back to your tokens." : "Check the address."}</p>
      </div>
      <Link
        href={signedIn ? "/api-tokens" : "/login"}
        className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
      >
        {signedIn ? "Go to API Token" : "Login"}
      </Link>
    </div>
  );
}
