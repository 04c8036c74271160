import { describe, expect, it } from "vitest";
import { presetSpec } from "@/kube-sim";
import { db } from "@/lib/db";
import { RKE_CIS_14_NOT_APPLICABLE, RKE_CIS_14_PERMISSIVE_SKIPS } from "@/lib/profiles";
import { startScan } from "@/lib/scans/service";
import { nodesOf, useScanWorld, waitForNoLeftovers, waitForScan } from "./scan-helpers";

// Scans end to end: the product dispatches kube-bench Jobs to the simulator through client-node,
// collects the output, and stores and aggregates it in PostgreSQL.

const w = useScanWorld();

const skipIds = RKE_CIS_14_PERMISSIVE_SKIPS.map((s) => s.id).sort();
const naIds = RKE_CIS_14_NOT_APPLICABLE.map((s) => s.id).sort();

async function checksByState(scanId: string) {
  const rows = await db.scanCheck.findMany({ where: { scanId }, include: { definition: true } });
  const by: Record<string, string[]> = {};
  for (const r of rows) (by[r.state] ??= []).push(r.definition.checkId);
  for (const k of Object.keys(by)) by[k].sort();
  return by;
}

describe("a default rke-3 cluster", () => {
  it("with the Permissive profile: 0 failed, 15 skipped, 19 not applicable, and nothing left behind", async () => {
    const { sim, cluster: c } = await w.cluster();
    const scan = await startScan(w.admin.id, c.id, { profileId: "rke-cis-1.4-permissive" });
    const done = await waitForScan(scan.id);
    expect(done.state).toBe("COMPLETED");
    expect(done).toMatchObject({ fail: 0, mixed: 0, skip: 15, notApplicable: 19, nodesTotal: 3 });
    expect(done.pass).toBeGreaterThan(50);
    expect(done.total).toBe(done.pass + done.skip + done.notApplicable + done.warn);
    const by = await checksByState(scan.id);
    expect(by.SKIP).toEqual(skipIds);
    expect(by.NOT_APPLICABLE).toEqual(naIds);
    const nodes = await nodesOf(scan.id);
    expect(nodes.map((n) => [n.roles, n.state, n.targets])).toEqual([
      [["controlplane"], "SUCCEEDED", ["master"]],
      [["etcd"], "SUCCEEDED", ["etcd"]],
      [["worker"], "SUCCEEDED", ["node"]],
    ]);
    expect(await waitForNoLeftovers(sim)).toEqual({ jobs: 0, pods: 0 });
    // Node types follow roles: master checks on the controlplane node, etcd on etcd, node on workers.
    const def = await db.checkDefinition.findUniqueOrThrow({ where: { benchmarkId_checkId: { benchmarkId: "rke-cis-1.4", checkId: "1.5.1" } } });
    expect(def.nodeTypes).toEqual(["etcd"]);
  });

  it("with the Hardened profile: the 15 permissive skips become failures", async () => {
    const { cluster: c } = await w.cluster();
    const scan = await startScan(w.admin.id, c.id, { profileId: "rke-cis-1.4-hardened" });
    const done = await waitForScan(scan.id);
    expect(done).toMatchObject({ state: "COMPLETED", fail: 15, mixed: 0, skip: 0, notApplicable: 19 });
    expect((await checksByState(scan.id)).FAIL).toEqual(skipIds);
  });

  it("a hardened cluster passes the Hardened profile", async () => {
    const { cluster: c } = await w.cluster({ hardened: true });
    const done = await waitForScan((await startScan(w.admin.id, c.id, { profileId: "rke-cis-1.4-hardened" })).id);
    expect(done).toMatchObject({ state: "COMPLETED", fail: 0, mixed: 0, skip: 0, notApplicable: 19 });
  });

  it("a node that disagrees makes a check mixed, counted as a failure", async () => {
    const spec = presetSpec("rke-ha:2");
    const workers = spec.nodes.filter((n) => n.roles?.includes("worker") && !n.roles.includes("controlplane"));
    expect(workers).toHaveLength(2);
    workers[0].failChecks = ["2.1.1"];
    const { cluster: c } = await w.cluster({ spec });
    const done = await waitForScan((await startScan(w.admin.id, c.id, { profileId: "rke-cis-1.4-permissive" })).id);
    expect(done.state).toBe("COMPLETED");
    const row = await db.scanCheck.findFirst({ where: { scanId: done.id, definition: { checkId: "2.1.1" } } });
    expect(row).toMatchObject({ state: "MIXED", passedCount: 1, failedCount: 1, nodesCount: 2 });
    expect(done).toMatchObject({ mixed: 1, fail: 1 });
  });
});
