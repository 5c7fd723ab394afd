import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { secrets } from "@/lib/server/config.mjs";
import { verifyCredentials } from "@/lib/dal/users";
import { log } from "@/lib/server/log";
import { createLimiter } from "@/lib/server/rate-limit";
import { clientIp, requestMeta } from "@/lib/server/request-context";
import { loginSchema } from "@/lib/validation/auth";

export const LOGIN_FAILED_MESSAGE = "That email and password do not match an account.";
export const LOGIN_THROTTLED_MESSAGE = "Too many failed attempts. Wait a few minutes, then try again.";

// Failed logins are throttled per account and address (guessing one password) and per address
// (spraying many accounts). A success clears the account+address counter.
const perAccountAndIp = createLimiter({ keyPrefix: "login-account-ip", points: 10, durationSeconds: 15 * 60 });
const perIp = createLimiter({ keyPrefix: "login-ip", points: 100, durationSeconds: 15 * 60 });

let options: NextAuthOptions | undefined;

/** Built on first use, so that `next build` needs no secret. */
export function authOptions(): NextAuthOptions {
  options ??= {
    secret: secrets().authSecret,
    session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, req) {
          const parsed = loginSchema.safeParse(credentials ?? {});
          if (!parsed.success) throw new Error(LOGIN_FAILED_MESSAGE);
          const { email, password } = parsed.data;
          const ip = clientIp(req.headers ?? {});
          const accountKey = `${email}|${ip}`;
          if ((await perAccountAndIp.blockedFor(accountKey)) || (await perIp.blockedFor(ip))) {
            log.warn("login.throttled", { ip });
            throw new Error(LOGIN_THROTTLED_MESSAGE);
          }
          const user = await verifyCredentials(email, password, requestMeta(req.headers ?? {}));
          if (!user) {
            await Promise.all([perAccountAndIp.consume(accountKey), perIp.consume(ip)]);
            throw new Error(LOGIN_FAILED_MESSAGE);
          }
          await perAccountAndIp.reset(accountKey);
          return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        // On sign-in, record which session generation this cookie belongs to.
        if (user) token.sessionVersion = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        return token;
      },
      session({ session, token }) {
        return { ...session, userId: token.sub, sessionVersion: token.sessionVersion };
      },
    },
  };
  return options;
}
