// Runs a command with a PostgreSQL server for the tests: TEST_DATABASE_URL when set; else the local server
// on 127.0.0.1:5432 when it answers (CI's and the development machines'); else an embedded PostgreSQL
// started for this run and removed afterwards, so `npm test` works on a machine without one.
//   tsx scripts/with-test-postgres.ts "<command>"
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";

const LOCAL = process.env.TEST_PG_LOCAL_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function main() {
  const command = process.argv.slice(2).join(" ");
  if (!command) throw new Error("usage: with-test-postgres <command>");
  let stop: (() => Promise<void>) | undefined;
  if (!process.env.TEST_DATABASE_URL) {
    if (await answers(LOCAL)) process.env.TEST_DATABASE_URL = LOCAL;
    else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cis-test-pg-"));
      fs.chmodSync(dir, 0o755); // as root, PostgreSQL runs as its own user inside it
      process.env.DATA_DIR = dir;
      const { startEmbeddedPostgres } = await import("../lib/runtime/embedded-postgres");
      const embedded = await startEmbeddedPostgres();
      process.env.TEST_DATABASE_URL = Object.assign(new URL(embedded.url), { pathname: "/postgres" }).toString();
      console.log(`[tests] no PostgreSQL on 127.0.0.1:5432: using an embedded one for this run`);
      stop = async () => {
        await embedded.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      };
      delete process.env.DATA_DIR;
    }
  }
  process.env.E2E_PG_ADMIN_URL ||= process.env.TEST_DATABASE_URL;
  const child = spawn("sh", ["-c", command], { stdio: "inherit", env: process.env });
  const code = await new Promise<number>((resolve) => child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  await stop?.();
  process.exit(code);
}

main().catch((err) => {
  console.error(`[tests] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
