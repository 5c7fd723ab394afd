import type { Metadata } from "next";
import { connection } from "next/server";
import { AppShell } from "@/components/app-shell/app-shell";
import { Brand } from "@/components/brand";
import { PageNotFound } from "@/components/page-not-found";
import { getCurrentUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Page not found" };

/**
 * The 404 of an address no route has. Rendered per request (never prerendered), so that its
 * scripts carry this request's CSP nonce and the page hydrates; inside the app shell for
 * someone signed in, so that nothing of the console is lost. (A console page's own notFound(),
 * such as a member on an admin page, is answered inside the shell by app/(dashboard)/not-found.tsx.)
 */
export default async function NotFound() {
  await connection();
  const user = await getCurrentUser();
  if (user) {
    return (
      <AppShell user={{ name: user.name, email: user.email, role: user.role }}>
        <PageNotFound signedIn />
      </AppShell>
    );
  }
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4">
      <Brand />
      <PageNotFound signedIn={false} />
    </main>
  );
}
