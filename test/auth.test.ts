import { describe, expect, it } from "vitest";
import * as me from "@/app/api/me/route";
import * as password from "@/app/api/account/password/route";
import { authOptions } from "@/lib/auth/options";
import { db } from "@/lib/db";
import { useTestDatabase } from "./db";
import { call, makeUser, sessionCookie } from "./http";

useTestDatabase();

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
const signIn = (email: string, pw: string, ip = "203.0.113.7") => authorize({ email, password: pw }, { headers: { "x-forwarded-for": ip } });

describe("sign-in", () => {
  it("accepts the right password (email case-insensitive) and refuses a wrong one", async () => {
    const user = await makeUser();
    await expect(signIn(user.email.toUpperCase(), "correct horse battery")).resolves.toMatchObject({ id: user.id });
    await expect(signIn(user.email, "wrong password")).resolves.toBeNull();
    await expect(signIn("nobody@example.test", "whatever")).resolves.toBeNull();
  });

  it("slows down repeated failures per account, even with the right password, and from any address", async () => {
    const user = await makeUser();
    for (let i = 0; i < 5; i++) await expect(signIn(user.email, "wrong", `198.51.100.${i}`)).resolves.toBeNull();
    await expect(signIn(user.email, "correct horse battery", "192.0.2.1")).rejects.toThrow(/Too many failed sign-ins\. Try again in \d+ seconds/);
    // Another account is unaffected.
    const other = await makeUser();
    await expect(signIn(other.email, "correct horse battery", "192.0.2.1")).resolves.toMatchObject({ id: other.id });
  });

  it("slows down one address that tries many accounts", async () => {
    const users = await Promise.all(Array.from({ length: 21 }, () => makeUser()));
    for (const u of users.slice(0, 20)) await signIn(u.email, "wrong", "198.51.100.200").catch(() => null);
    await expect(signIn(users[20].email, "correct horse battery", "198.51.100.200")).rejects.toThrow(/Too many/);
    await expect(signIn(users[20].email, "correct horse battery", "198.51.100.201")).resolves.toMatchObject({ id: users[20].id });
  });
});

describe("password change", () => {
  it("requires the current password and ends sessions issued before it", async () => {
    const user = await makeUser();
    const wrong = await call(password.POST as any, "POST", "/api/account/password", {
      user,
      body: { currentPassword: "not it", newPassword: "another long passphrase" },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.json.errors[0].field).toBe("currentPassword");
    const short = await call(password.POST as any, "POST", "/api/account/password", {
      user,
      body: { currentPassword: "correct horse battery", newPassword: "short" },
    });
    expect(short.status).toBe(422);
    expect(short.json.errors[0].field).toBe("newPassword");

    await new Promise((r) => setTimeout(r, 1100));
    const ok = await call(password.POST as any, "POST", "/api/account/password", {
      user,
      body: { currentPassword: "correct horse battery", newPassword: "another long passphrase" },
    });
    expect(ok.status).toBe(204);
    expect((await call(me.GET as any, "GET", "/api/me", { user })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 1100));
    const fresh = { ...user, cookie: await sessionCookie(user.id, user.email) };
    expect((await call(me.GET as any, "GET", "/api/me", { user: fresh })).status).toBe(200);
    await expect(signIn(user.email, "another long passphrase", "192.0.2.50")).resolves.toMatchObject({ id: user.id });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).not.toContain("another");
  });
});
