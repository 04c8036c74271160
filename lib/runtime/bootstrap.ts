import { randomBytes } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { emailSchema } from "@/lib/users";

// First start: create an administrator, from ADMIN_EMAIL/ADMIN_PASSWORD when set, otherwise with a
// generated password that is printed once in the start log.
export async function ensureAdmin(log: (line: string) => void): Promise<void> {
  if (await db.user.count()) return;
  const email = emailSchema.parse(process.env.ADMIN_EMAIL || "admin@localhost.localdomain");
  const given = process.env.ADMIN_PASSWORD;
  if (given !== undefined && given.length < 10) throw new Error("ADMIN_PASSWORD must be at least 10 characters");
  const password = given || randomBytes(12).toString("base64url");
  await db.user.create({ data: { email, name: "Administrator", role: "ADMIN", passwordHash: await hashPassword(password) } });
  log(`Created the first administrator: ${email}`);
  if (!given) log(`Generated password (shown only this once): ${password}`);
}
