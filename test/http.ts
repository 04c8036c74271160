import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { hashPassword } from "@/lib/auth/password";
import { db, type GlobalRole } from "@/lib/db";

// Calls route handlers the way Next.js does: a real NextRequest carrying a real next-auth session cookie.

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface TestUser {
  id: string;
  email: string;
  cookie: string;
}

let counter = 0;
const passwordHash = hashPassword("correct horse battery");

export async function makeUser(role: GlobalRole = "USER", email?: string): Promise<TestUser> {
  counter++;
  const user = await db.user.create({
    data: { email: email ?? `user${counter}-${Date.now()}@example.test`, name: `User ${counter}`, role, passwordHash: await passwordHash },
  });
  return { id: user.id, email: user.email, cookie: await sessionCookie(user.id, user.email) };
}

export async function sessionCookie(userId: string, email: string): Promise<string> {
  const token = await encode({
    token: { sub: userId, email, iat: Math.floor(Date.now() / 1000) },
    secret: process.env.NEXTAUTH_SECRET!,
  });
  return `next-auth.session-token=${token}`;
}

export interface CallOptions {
  user?: TestUser | null;
  params?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

export async function call(handler: Handler, method: string, path: string, opts: CallOptions = {}) {
  const url = new URL(`http://localhost${path}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.user) headers.cookie = opts.user.cookie;
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] = "application/json";
  }
  const req = new NextRequest(url, { method, headers, body });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: json as any };
}
