"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { endSession } from "@/lib/dal/sessions";
import { clearSessionCookie, readSessionCookie } from "@/lib/auth/sign-in";
import { requestMeta } from "@/lib/server/request-context";

// The session row ends too, so that a copied cookie opens nothing afterwards.
export async function logoutAction() {
  const claim = await readSessionCookie();
  if (claim) await endSession(claim, requestMeta(await headers()));
  await clearSessionCookie();
  redirect("/login");
}
