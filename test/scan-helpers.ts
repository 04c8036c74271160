import { afterAll, beforeAll } from "vitest";
import { startSimulator, type Simulator } from "@/kube-sim";
import { createCluster } from "@/lib/clusters";
import { db } from "@/lib/db";
import { startWorker, type Worker } from "@/lib/worker";
import { useTestDatabase } from "./db";
import { makeUser, type TestUser } from "./http";

// A simulated cluster registered in the product, and a worker that runs its scans.

export async function simulatedCluster(admin: TestUser, opts: Parameters<typeof startSimulator>[0] = {}) {
  const sim = await startSimulator({ ...(opts.spec ? {} : { preset: "rke-3" }), tls: true, podDurationMs: [100, 300], ...opts });
  const cluster = await createCluster(
    { id: admin.id, email: admin.email, name: "Admin", role: "ADMIN" },
    { auth: "KUBECONFIG", name: `sim-${Math.random().toString(36).slice(2, 8)}`, description: "", kubeconfig: sim.kubeconfig() },
  );
  return { sim, cluster };
}

export function testWorker(overrides: Partial<Parameters<typeof startWorker>[0]> = {}): Promise<Worker> {
  return startWorker({ log: () => {}, pollMs: 100, pendingGraceMs: 1500, leaseMs: 3000, ...overrides });
}

export async function waitForScan(scanId: string, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const scan = await db.scan.findUniqueOrThrow({ where: { id: scanId } });
    if (["COMPLETED", "FAILED", "CANCELLED"].includes(scan.state)) return scan;
    if (Date.now() > end) throw new Error(`scan ${scanId} still ${scan.state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const nodesOf = (scanId: string) => db.scanNode.findMany({ where: { scanId }, orderBy: { name: "asc" } });

export function leftovers(sim: Simulator) {
  return { jobs: sim.objects("jobs", "security-scan").length, pods: sim.objects("pods", "security-scan").length };
}

/** Jobs are deleted with background propagation: their pods disappear a moment later. */
export async function waitForNoLeftovers(sim: Simulator, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const l = leftovers(sim);
    if (!l.jobs && !l.pods) return l;
    await new Promise((r) => setTimeout(r, 50));
  }
  return leftovers(sim);
}

/**
 * The setting most scan tests share: a fresh database, an administrator, a worker running scans, and
 * simulated clusters that are stopped when the file ends.
 */
export function useScanWorld(workerOptions: Partial<Parameters<typeof startWorker>[0]> = {}) {
  useTestDatabase();
  const world = {
    admin: undefined as unknown as TestUser,
    worker: undefined as unknown as Worker,
    sims: [] as Simulator[],
    async cluster(opts: Parameters<typeof simulatedCluster>[1] = {}) {
      const c = await simulatedCluster(world.admin, opts);
      world.sims.push(c.sim);
      return c;
    },
  };
  beforeAll(async () => {
    world.admin = await makeUser("ADMIN");
    world.worker = await testWorker(workerOptions);
  });
  afterAll(async () => {
    await world.worker?.stop();
    for (const s of world.sims) await s.stop();
  });
  return world;
}
