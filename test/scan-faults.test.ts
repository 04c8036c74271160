import { beforeAll, describe, expect, it } from "vitest";
import { presetSpec, type FaultSpec } from "@/kube-sim";
import { db } from "@/lib/db";
import { startScan } from "@/lib/scans/service";
import { nodesOf, useScanWorld, waitForNoLeftovers, waitForScan } from "./scan-helpers";

// Every simulator fault ends the scan in a terminal state within its deadline, with the right per-node
// reason, and with no Job or pod left behind.

const w = useScanWorld({ pendingGraceMs: 1500 });
beforeAll(async () => {
  // Check definitions are learned from kube-bench's output: a first, healthy scan teaches them, as on any
  // dashboard that has scanned before. (On a first-ever scan whose only worker fails, the worker checks
  // are missing from the report and the warning names the node.)
  const { cluster } = await w.cluster();
  await waitForScan((await startScan(w.admin.id, cluster.id, { profileId: "rke-cis-1.4-permissive" })).id);
});

const WORKER = "worker-1";
const TIMEOUT_SECONDS = 30;

interface Case {
  fault: FaultSpec;
  node: string;
  state: string;
  reason: RegExp;
}

const cases: Record<string, Case> = {
  "image pull failure": { fault: { type: "imagePull" }, node: WORKER, state: "FAILED", reason: /image pull failed \((ErrImagePull|ImagePullBackOff)\)/ },
  "a node that can never be scheduled": { fault: { type: "unschedulable" }, node: WORKER, state: "FAILED", reason: /unschedulable: 0\/3 nodes are available/ },
  "a node whose kubelet stopped reporting (NotReady)": { fault: { type: "notReady" }, node: WORKER, state: "FAILED", reason: /unschedulable: 0\/3 nodes are available: .*node\.kubernetes\.io\/(not-ready|unreachable)/ },
  "kube-bench exits 1 after [FAIL] config errors": { fault: { type: "exitError" }, node: WORKER, state: "FAILED", reason: /exited with code 1.*\[FAIL\]/ },
  "malformed JSON": { fault: { type: "malformedJson" }, node: WORKER, state: "FAILED", reason: /malformed kube-bench output/ },
  "truncated JSON": { fault: { type: "truncatedJson" }, node: WORKER, state: "FAILED", reason: /malformed kube-bench output/ },
  "a node slower than the deadline": { fault: { type: "slow" }, node: WORKER, state: "TIMED_OUT", reason: /no result before the scan's deadline/ },
  "a node deleted mid-scan": { fault: { type: "deleteMidScan", afterMs: 50 }, node: WORKER, state: "FAILED", reason: /removed from the cluster|deleted before it finished/ },
};

function nodeFor(name: string, c: Case) {
  return c.fault.node ? c.fault : { ...c.fault, node: c.node };
}

describe("faults", () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: the node ${c.state.toLowerCase().replace("_", " ")}, the others succeed, the scan completes`, async () => {
      const slow = c.fault.type === "slow";
      const spec = presetSpec("rke-3");
      if (c.fault.type === "unschedulable") spec.nodes.find((n) => n.name === c.node)!.unschedulable = true; // cordoned
      const { sim, cluster } = await w.cluster({ spec });
      if (c.fault.type !== "unschedulable") sim.faults.set(nodeFor(name, c));
      const scan = await startScan(w.admin.id, cluster.id, { profileId: "rke-cis-1.4-permissive", timeoutSeconds: slow ? 30 : TIMEOUT_SECONDS });
      if (slow) await db.scan.update({ where: { id: scan.id }, data: { timeoutSeconds: 3 } }); // a 3 s deadline, below the API minimum
      const started = Date.now();
      const done = await waitForScan(scan.id, (TIMEOUT_SECONDS + 10) * 1000);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_SECONDS * 1000);
      expect(done.state).toBe("COMPLETED");
      const nodes = await nodesOf(scan.id);
      const faulty = nodes.find((n) => n.name === c.node)!;
      expect(faulty.state).toBe(c.state);
      expect(faulty.reason).toMatch(c.reason);
      for (const n of nodes.filter((n) => n.name !== c.node)) expect(n.state).toBe("SUCCEEDED");
      expect((done.warnings as string[]).join("\n")).toContain(`1 node(s) did not report results: ${c.node}`);
      // The worker's node checks are mixed: the node that should have reported them did not.
      const workerCheck = await db.scanCheck.findFirst({ where: { scanId: scan.id, definition: { checkId: "2.1.1" } } });
      expect(workerCheck?.state).toBe("MIXED");
      expect(await waitForNoLeftovers(sim)).toEqual({ jobs: 0, pods: 0 });
    });
  }

  it("a 10 MB output is collected and parsed", async () => {
    const { sim, cluster } = await w.cluster();
    sim.faults.set({ type: "hugeOutput", node: WORKER });
    const done = await waitForScan((await startScan(w.admin.id, cluster.id, { profileId: "rke-cis-1.4-permissive" })).id);
    expect(done).toMatchObject({ state: "COMPLETED", fail: 0, mixed: 0 });
    expect((await nodesOf(done.id)).every((n) => n.state === "SUCCEEDED")).toBe(true);
  });

  it("API errors (500, 429 with Retry-After) while creating Jobs are retried", async () => {
    const { sim, cluster } = await w.cluster();
    sim.faults.set({ type: "apiError429", path: "/jobs", verb: "create", count: 2, retryAfterSeconds: 0 });
    sim.faults.set({ type: "apiError500", path: "/jobs", verb: "create", count: 1 });
    const done = await waitForScan((await startScan(w.admin.id, cluster.id, { profileId: "rke-cis-1.4-permissive" })).id);
    expect(done).toMatchObject({ state: "COMPLETED", fail: 0, mixed: 0 });
    expect(sim.requests.count({ verb: "create", path: /jobs/, status: 429 })).toBe(2);
    expect(sim.requests.count({ verb: "create", path: /jobs/, status: 500 })).toBe(1);
  });

  it("dropped watch connections and added latency do not stop the scan", async () => {
    const { sim, cluster } = await w.cluster();
    sim.faults.set({ type: "dropWatches", afterMs: 100 });
    sim.faults.set({ type: "latencyMs", ms: 30 });
    const done = await waitForScan((await startScan(w.admin.id, cluster.id, { profileId: "rke-cis-1.4-permissive" })).id);
    expect(done).toMatchObject({ state: "COMPLETED", fail: 0, mixed: 0, skip: 15, notApplicable: 19 });
    expect(await waitForNoLeftovers(sim)).toEqual({ jobs: 0, pods: 0 });
  });

  it("an unreachable cluster fails the scan with the reason instead of hanging", async () => {
    const { sim, cluster } = await w.cluster();
    await sim.stop();
    const done = await waitForScan((await startScan(w.admin.id, cluster.id, { profileId: "rke-cis-1.4-permissive" })).id);
    expect(done.state).toBe("FAILED");
    expect(done.error).toMatch(/ECONNREFUSED|fetch failed|connect/i);
  });
});
