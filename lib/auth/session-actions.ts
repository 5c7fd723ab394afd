"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { endSession } from "@/lib/dal/sessions";
import { clearSessionCookie, readSessionCookie } from "@/lib/auth/sign-in";
import { requestMeta } from "@/lib/server/request-context";

/**
 * Log out: ends this browser's session in the database (a copied cookie opens nothing after
 * this), then drops the cookie. A plain form posts here, so it works before hydration.
 */
export async function logoutAction() {
  const claim = await readSessionCookie();
  if (claim) await endSession(claim, requestMeta(await headers()));
  await clearSessionCookie();
  redirect("/login");
}
