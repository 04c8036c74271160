// Creates this run's database (E2E_DATABASE) on E2E_PG_ADMIN_URL; refuses anything but a local server.
import { Client } from "pg";

async function main() {
  const adminUrl = process.env.E2E_PG_ADMIN_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const database = process.env.E2E_DATABASE;
  if (!database || !/^cis_e2e_\w+$/.test(database)) throw new Error(`E2E_DATABASE must look like cis_e2e_<id>, got ${database}`);
  const host = new URL(adminUrl).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) throw new Error(`refusing to create a test database on ${host}: local servers only`);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${database}"`);
    console.log(`[e2e] created database ${database}`);
  } finally {
    await client.end();
  }
}

main().catch((err) => {
  console.error(`[e2e] could not create the test database: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
