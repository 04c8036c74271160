import { rmSync } from "node:fs";
import { Client } from "pg";

// Drops this run's database and data folder (set E2E_KEEP_DB=1 to keep them for a look afterwards).
export default async function globalTeardown() {
  if (process.env.E2E_KEEP_DB === "1") {
    console.log(`[e2e] kept database ${process.env.E2E_DATABASE} and data folder ${process.env.E2E_DATA_DIR}`);
    return;
  }
  const database = process.env.E2E_DATABASE;
  if (database && /^cis_e2e_\w+$/.test(database)) {
    const client = new Client({ connectionString: process.env.E2E_PG_ADMIN_URL });
    try {
      await client.connect();
      // The app is still running (Playwright stops the web server after this): force its connections closed.
      await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    } catch (err) {
      console.warn(`[e2e] could not drop ${database}: ${err instanceof Error ? err.message : err}`);
    } finally {
      await client.end().catch(() => {});
    }
  }
  if (process.env.E2E_DATA_DIR) rmSync(process.env.E2E_DATA_DIR, { recursive: true, force: true });
}
