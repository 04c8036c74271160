import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db";
import { DUMMY_HASH, verifyPassword } from "./password";
import { lockedForSeconds, recordFailure, recordSuccess } from "./throttle";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

function clientAddress(headers: Record<string, unknown> | undefined): string {
  // Next's server appends the socket address to X-Forwarded-For; the last entry is the one it added.
  const xff = String(headers?.["x-forwarded-for"] ?? "");
  const last = xff.split(",").map((s) => s.trim()).filter(Boolean).pop();
  return last || String(headers?.["x-real-ip"] ?? "unknown");
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const email = String(credentials?.email ?? "").trim().toLowerCase();
        const password = String(credentials?.password ?? "");
        if (!email || !password) return null;
        const keys = { account: email, ip: clientAddress(req?.headers) };
        const wait = await lockedForSeconds(keys);
        if (wait > 0) throw new Error(`Too many failed sign-ins. Try again in ${wait} seconds.`);
        const user = await db.user.findUnique({ where: { email } });
        const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
        if (!user || !ok) {
          await recordFailure(keys);
          return null;
        }
        await recordSuccess(keys);
        return { id: user.id, email: user.email, name: user.name, role: user.role };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.role = (user as { role?: string }).role;
      return token;
    },
    session({ session, token }) {
      if (session.user) {
        Object.assign(session.user, { id: token.sub, role: token.role, issuedAt: token.iat });
      }
      return session;
    },
  },
};
