import { getServerSession } from "next-auth";
import { getToken, type JWT } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { db, type User } from "@/lib/db";

export type SessionUser = Pick<User, "id" | "email" | "name" | "role">;

// A token is honoured only while its user exists and it was issued after the last password change.
async function userFromToken(token: JWT | null): Promise<SessionUser | null> {
  if (!token?.sub) return null;
  const user = await db.user.findUnique({
    where: { id: token.sub },
    select: { id: true, email: true, name: true, role: true, passwordChangedAt: true },
  });
  if (!user) return null;
  const issuedAt = typeof token.iat === "number" ? token.iat * 1000 : 0;
  if (issuedAt + 1000 < user.passwordChangedAt.getTime()) return null;
  const { passwordChangedAt: _ignored, ...rest } = user;
  return rest;
}

/** The signed-in user of an API request (session cookie or `Authorization: Bearer <session JWT>`). */
export async function requestUser(req: NextRequest): Promise<SessionUser | null> {
  const token = await getToken({ req, secret: process.env.NEXTAUTH_SECRET });
  return userFromToken(token);
}

/** The signed-in user in a server component or page. */
export async function pageUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const user = session?.user as { id?: string; issuedAt?: number } | undefined;
  return userFromToken(user?.id ? { sub: user.id, iat: user.issuedAt } : null);
}
