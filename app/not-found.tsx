import Link from "next/link";
import { Brand } from "@/components/brand";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 px-4 text-center">
      <Brand />
      <div>
        <p className="text-sm font-semibold text-brand-600">404</p>
        <h1 className="mt-1 text-2xl font-semibold text-slate-900">This page does not exist</h1>
        <p className="mt-2 text-sm text-slate-500">Check the address, or go back to your tokens.</p>
      </div>
      <Link href="/api-tokens" className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
        Go to API Token
      </Link>
    </main>
  );
}
