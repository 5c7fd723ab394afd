import { Brand } from "@/components/brand";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-brand-50 to-slate-50 px-4 py-12">
      <div className="mb-8">
        <Brand />
      </div>
      <div className="w-full max-w-sm rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">{children}</div>
      <p className="mt-8 max-w-sm text-center text-xs text-slate-500">
        API tokens for the cloud platform: create them, see each secret once, delete them at any time.
      </p>
    </main>
  );
}
