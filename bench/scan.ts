// Scan benchmark: a simulated cluster of N nodes (kube-sim in its own process, like a real API server),
// the product's worker scanning it, PostgreSQL storing the results. Prints: time from start to stored
// report, results ingested per second, peak memory of the app process, report API latency, CSV download time.
//   npm run bench:scan                 # large:1000 and large:5000
//   npm run bench:scan -- 200 1000     # other sizes
//   node --max-old-space-size=192 --import tsx bench/scan.ts 5000   # with the app's heap capped: V8 grows
//                                       # its heap lazily, so an uncapped peak overstates what is retained
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Client } from "pg";

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function main() {
  process.env.CIS_SCANS_ENCRYPTION_KEY ||= randomBytes(32).toString("base64");
  process.env.NEXTAUTH_SECRET ||= randomBytes(32).toString("base64");
  for (const n of sizes.length ? sizes : [1000, 5000]) await bench(n);
  process.exit(0);
}

async function startSim(nodes: number): Promise<{ kubeconfig: string; stop(): void }> {
  const child = spawn(process.execPath, ["--import", "tsx", "kube-sim/cli.ts", "--preset", `large:${nodes}`, "--tls", "--port", "0", "--pod-duration-ms", "300"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      if (/current-context/.test(out) && /users:/.test(out) && out.trim().endsWith("}") === false && /token|client-key-data/.test(out)) resolve();
    });
    child.on("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  await new Promise((r) => setTimeout(r, 200));
  return { kubeconfig: out, stop: () => child.kill("SIGTERM") };
}

async function bench(nodes: number) {
  const name = `cis_bench_${Date.now()}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString();
  process.env.DATABASE_URL = url;
  const { migrate } = await import("../lib/migrate");
  await migrate(url);
  const { db } = await import("../lib/db");
  const { createCluster } = await import("../lib/clusters");
  const { startScan } = await import("../lib/scans/service");
  const { startWorker } = await import("../lib/worker");
  const { getReport, downloadReports } = await import("../lib/reports");

  const sim = await startSim(nodes);
  const user = await db.user.upsert({ where: { email: "bench@example.test" }, create: { email: "bench@example.test", name: "Bench", passwordHash: "x", role: "ADMIN" }, update: {} });
  const cluster = await createCluster(user, { auth: "KUBECONFIG", name: `large-${nodes}`, description: "", kubeconfig: sim.kubeconfig });
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 100);
  const worker = await startWorker({ log: () => {}, pollMs: 200, concurrency: 32 });

  const started = Date.now();
  const scan = await startScan(user.id, cluster.id, { profileId: "rke-cis-1.4-permissive" });
  let done;
  for (;;) {
    done = await db.scan.findUniqueOrThrow({ where: { id: scan.id } });
    if (["COMPLETED", "FAILED", "CANCELLED"].includes(done.state)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const elapsed = (Date.now() - started) / 1000;
  clearInterval(sampler);
  const results = await db.checkResult.count({ where: { scanId: scan.id } });
  const nodeStates = await db.scanNode.groupBy({ by: ["state"], where: { scanId: scan.id }, _count: true });
  const reasons = await db.scanNode.groupBy({ by: ["reason"], where: { scanId: scan.id, state: { not: "SUCCEEDED" } }, _count: true });

  const t0 = performance.now();
  const laps: number[] = [];
  for (let i = 0; i < 20; i++) {
    const s = performance.now();
    await getReport(cluster.id, scan.id, { page: 1 + (i % 2), pageSize: 100, failedOnly: i % 3 === 0 ? true : undefined });
    laps.push(performance.now() - s);
  }
  void t0;
  laps.sort((a, b) => a - b);
  const c0 = performance.now();
  const csv = await downloadReports(cluster.id, [scan.id], "csv");
  const csvMs = performance.now() - c0;

  console.log(`\nlarge:${nodes}  scan ${done.state.toLowerCase()}  (${nodeStates.map((s) => `${s._count} ${s.state.toLowerCase()}`).join(", ")})`);
  for (const r of reasons) console.log(`  ${r._count} node(s): ${r.reason}`);
  console.log(`  start -> stored report        ${elapsed.toFixed(1)} s`);
  console.log(`  results stored                ${results.toLocaleString()} rows, ${Math.round(results / elapsed).toLocaleString()} results/s`);
  console.log(`  peak memory of the app process RSS ${Math.round(peakRss / 1024 / 1024)} MiB, JS heap ${Math.round(peakHeap / 1024 / 1024)} MiB`);
  console.log(`  report API (100 rows)         p50 ${laps[10].toFixed(1)} ms, p95 ${laps[18].toFixed(1)} ms`);
  console.log(`  CSV download                  ${csvMs.toFixed(0)} ms, ${(String(csv.body).length / 1024 / 1024).toFixed(1)} MiB`);

  await worker.stop();
  sim.stop();
  await db.$disconnect();
  (globalThis as { __cisDb?: unknown }).__cisDb = undefined;
  await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
  await admin.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
