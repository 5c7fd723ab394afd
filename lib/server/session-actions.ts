"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";

// next-auth's session cookie, with and without the __Secure- prefix it takes over HTTPS, and the
// numbered chunks it splits a large cookie into.
const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;

/**
 * Logs out by dropping the session cookie. A plain form posts here, so it works before the
 * page's JavaScript has loaded, and the dashboard ships none of next-auth's client code.
 */
export async function logoutAction() {
  const store = await cookies();
  for (const { name } of store.getAll()) {
    if (SESSION_COOKIE.test(name)) store.delete(name);
  }
  redirect("/login");
}
