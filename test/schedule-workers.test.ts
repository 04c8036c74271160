import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "@/kube-sim";
import { db } from "@/lib/db";
import { setSchedule } from "@/lib/schedules";
import { useTestDatabase } from "./db";
import { makeUser, type TestUser } from "./http";
import { simulatedCluster, waitForScan } from "./scan-helpers";

// Two worker processes against one database and an every-3-seconds schedule: each fire starts exactly
// one scan, over several fires.

const dbHandle = useTestDatabase();
let admin: TestUser;
let sim: Simulator;
const workers: { proc: ChildProcess; out: string[] }[] = [];

function spawnWorker() {
  const proc = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, DATABASE_URL: dbHandle.url(), SCHEDULE_RELOAD_MS: "300" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out: string[] = [];
  proc.stdout!.on("data", (d) => out.push(String(d)));
  proc.stderr!.on("data", (d) => out.push(String(d)));
  workers.push({ proc, out });
  return { proc, out };
}

beforeAll(async () => {
  admin = await makeUser("ADMIN");
});
afterAll(async () => {
  for (const w of workers) w.proc.kill("SIGTERM");
  await sim?.stop();
});

describe("two worker processes", () => {
  it("start exactly one scan per fire", async () => {
    const c = await simulatedCluster(admin);
    sim = c.sim;
    const a = spawnWorker();
    const b = spawnWorker();
    for (const w of [a, b]) {
      const end = Date.now() + 30_000;
      while (!w.out.join("").includes("started (") && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      expect(w.out.join("")).toContain("started (");
    }
    await setSchedule({ id: admin.id, email: admin.email, name: "Admin", role: "ADMIN" }, c.cluster.id, {
      enabled: true,
      profileId: "rke-cis-1.4-permissive",
      cron: "*/3 * * * * *",
      timezone: "UTC",
      retention: 100,
      allowShortInterval: true,
    });
    await new Promise((r) => setTimeout(r, 13_000));
    await db.schedule.update({ where: { clusterId: c.cluster.id }, data: { enabled: false } });
    await new Promise((r) => setTimeout(r, 1000));

    const fires = await db.scheduleFire.findMany({ where: { schedule: { clusterId: c.cluster.id } }, orderBy: { fireAt: "asc" } });
    const scans = await db.scan.findMany({ where: { clusterId: c.cluster.id, trigger: "SCHEDULED" } });
    expect(fires.length).toBeGreaterThanOrEqual(3);
    // Fire times are the cron's, 3 s apart, each claimed once.
    expect(new Set(fires.map((f) => f.fireAt.getTime())).size).toBe(fires.length);
    for (const f of fires) expect(f.fireAt.getUTCSeconds() % 3).toBe(0);
    const started = fires.filter((f) => f.status === "STARTED");
    expect(started.length).toBeGreaterThanOrEqual(3);
    expect(scans).toHaveLength(started.length);
    expect(new Set(started.map((f) => f.scanId))).toEqual(new Set(scans.map((s) => s.id)));
    // A fire can only be skipped because a scan was still running, or because the test just disabled the schedule.
    for (const f of fires.filter((x) => x.status !== "STARTED")) expect(f.reason).toMatch(/already running|the schedule is disabled/);
    for (const s of scans) expect((await waitForScan(s.id, 20_000)).state).toBe("COMPLETED");
    // Both processes were still running throughout (neither crashed on a lost claim).
    for (const w of workers) expect(w.proc.exitCode).toBeNull();
  }, 90_000);
});
