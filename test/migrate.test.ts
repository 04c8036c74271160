import { Client } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db";
import { migrate, MIGRATIONS_DIR } from "@/lib/migrate";
import fs from "node:fs";
import { createDatabase } from "./db";

const dbs: { drop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

async function fresh() {
  const d = await createDatabase("cis_migrate");
  dbs.push(d);
  return d;
}

async function history(url: string) {
  const c = new Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query(
    `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
  );
  await c.end();
  return rows;
}

const allMigrations = fs.readdirSync(MIGRATIONS_DIR).filter((n) => fs.existsSync(`${MIGRATIONS_DIR}/${n}/migration.sql`)).sort();

describe("migration runner", () => {
  it("applies every migration to a fresh database and records Prisma's history", async () => {
    const { url } = await fresh();
    const result = await migrate(url);
    expect(result.applied).toEqual(allMigrations);
    const rows = await history(url);
    expect(rows.map((r) => r.migration_name)).toEqual(allMigrations);
    for (const r of rows) {
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(r.finished_at).not.toBeNull();
    }
    // The generated client works against the migrated schema for every model.
    const db = createDb(url);
    const user = await db.user.create({ data: { email: "a@example.test", name: "A", passwordHash: "x" } });
    const cluster = await db.cluster.create({ data: { name: "c1" } });
    await db.membership.create({ data: { userId: user.id, clusterId: cluster.id, role: "OWNER" } });
    await db.loginThrottle.create({ data: { key: "account:a@example.test" } });
    expect(await db.membership.count()).toBe(1);
    await db.$disconnect();
  });

  it("is a no-op when re-run", async () => {
    const { url } = await fresh();
    await migrate(url);
    const before = await history(url);
    const again = await migrate(url);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(allMigrations);
    expect(await history(url)).toEqual(before);
  });

  it("applies each migration once when several processes run it concurrently", async () => {
    const { url } = await fresh();
    const results = await Promise.all([migrate(url), migrate(url), migrate(url), migrate(url)]);
    const appliedCounts = allMigrations.map((m) => results.filter((r) => r.applied.includes(m)).length);
    expect(appliedCounts.every((n) => n === 1)).toBe(true);
    expect((await history(url)).length).toBe(allMigrations.length);
  });

  it("refuses to continue when an applied migration file was changed", async () => {
    const { url } = await fresh();
    await migrate(url);
    const c = new Client({ connectionString: url });
    await c.connect();
    await c.query(`UPDATE "_prisma_migrations" SET checksum = repeat('0', 64) WHERE migration_name = $1`, [allMigrations[0]]);
    await c.end();
    await expect(migrate(url)).rejects.toThrow(/modified after it was applied/);
  });
});
