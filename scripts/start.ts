// Starts the whole product: database (embedded when DATABASE_URL is unset), migrations, the first
// administrator, the demo cluster when no cluster is registered, the background worker, and the Next.js
// server. `npm start` builds first; `tsx scripts/start.ts` serves an existing build; `--dev` runs next dev.
import { spawn } from "node:child_process";
import path from "node:path";
import { ensureSecrets } from "../lib/runtime/data-dir";

const dev = process.argv.includes("--dev");
const log = (line: string) => console.log(`[cis-scans] ${line}`);

async function main() {
  ensureSecrets();
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const stops: (() => Promise<void>)[] = [];

  if (!process.env.DATABASE_URL) {
    const { startEmbeddedPostgres } = await import("../lib/runtime/embedded-postgres");
    const embedded = await startEmbeddedPostgres();
    process.env.DATABASE_URL = embedded.url;
    stops.push(embedded.stop);
    log("DATABASE_URL is not set: started the embedded PostgreSQL (data in the project data folder).");
  }
  const { migrate } = await import("../lib/migrate");
  const migrated = await migrate(process.env.DATABASE_URL);
  if (migrated.applied.length) log(`Applied migrations: ${migrated.applied.join(", ")}`);

  const { ensureAdmin } = await import("../lib/runtime/bootstrap");
  await ensureAdmin(log);

  if (process.env.DEMO_CLUSTER !== "off") {
    const { ensureDemoCluster } = await import("./demo-cluster");
    const demo = await ensureDemoCluster(log);
    if (demo) stops.push(demo.stop);
  }

  const { startWorker } = await import("../lib/worker");
  const worker = await startWorker({ log });
  stops.push(worker.stop);

  const port = process.env.PORT || "3000";
  const host = process.env.HOST || "0.0.0.0";
  process.env.NEXTAUTH_URL ||= `http://localhost:${port}`;
  const next = spawn(
    process.execPath,
    [path.join("node_modules", "next", "dist", "bin", "next"), dev ? "dev" : "start", "-p", port, "-H", host],
    { stdio: "inherit", env: process.env },
  );
  log(`Dashboard: ${process.env.NEXTAUTH_URL}`);

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    next.kill("SIGTERM");
    for (const stop of stops.reverse()) await stop().catch(() => {});
    process.exit(code);
  };
  next.on("exit", (code) => void shutdown(code ?? 0));
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
}

main().catch((err) => {
  console.error(`[cis-scans] failed to start: ${err instanceof Error ? err.message : typeof err === "string" ? err : JSON.stringify(err)}`);
  if (err instanceof Error && process.env.DEBUG) console.error(err.stack);
  process.exit(1);
});
