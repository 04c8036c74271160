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
    await dropStale(client);
    await client.query(`CREATE DATABASE "${database}"`);
    console.log(`[e2e] created database ${database}`);
  } finally {
    await client.end();
  }
}

// Runs whose web server never started skip the teardown: drop their databases once they are a day old
// and nobody is connected.
async function dropStale(client: Client) {
  const { rows } = await client.query<{ datname: string }>(
    `SELECT datname FROM pg_database d WHERE datname ~ '^cis_e2e_[0-9]+$'
       AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`,
  );
  for (const { datname } of rows) {
    if (Date.now() - Number(datname.slice("cis_e2e_".length)) < 24 * 3600 * 1000) continue;
    await client.query(`DROP DATABASE IF EXISTS "${datname}"`).catch(() => {});
  }
}

main().catch((err) => {
  console.error(`[e2e] could not create the test database: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
