import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { afterAll, beforeAll } from "vitest";
import { generateKey } from "@/lib/crypto";
import { migrate } from "@/lib/migrate";

// Integration tests run against a real PostgreSQL server (TEST_DATABASE_URL, default the local one with
// trust auth). Each test file gets its own fresh database, migrated, and dropped afterwards.

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createDatabase(prefix = "cis_test"): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    name,
    url: databaseUrl(name),
    async drop() {
      const c = new Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A fresh, migrated database for this test file; lib/db connects to it. */
export function useTestDatabase(): { url: () => string } {
  let drop: (() => Promise<void>) | undefined;
  let url = "";
  process.env.CIS_SCANS_ENCRYPTION_KEY ||= generateKey();
  process.env.NEXTAUTH_SECRET ||= randomBytes(32).toString("base64");
  beforeAll(async () => {
    const created = await createDatabase();
    drop = created.drop;
    url = created.url;
    process.env.DATABASE_URL = url;
    await migrate(url);
  });
  afterAll(async () => {
    const { db } = await import("@/lib/db");
    await db.$disconnect();
    await drop?.();
  });
  return { url: () => url };
}
