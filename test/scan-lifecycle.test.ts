import { BatchV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { Simulator } from "@/kube-sim";
import * as scansRoute from "@/app/api/clusters/[clusterId]/scans/route";
import * as skipsRoute from "@/app/api/clusters/[clusterId]/skips/route";
import * as previewRoute from "@/app/api/clusters/[clusterId]/scans/preview/route";
import * as cancelRoute from "@/app/api/clusters/[clusterId]/scans/[scanId]/cancel/route";
import { db } from "@/lib/db";
import { startScan } from "@/lib/scans/service";
import { call } from "./http";
import { nodesOf, testWorker, useScanWorld, waitForNoLeftovers, waitForScan } from "./scan-helpers";

const w = useScanWorld();

function kubeClient(sim: Simulator) {
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig());
  return kc.makeApiClient(CoreV1Api);
}

async function putSkipConfig(sim: Simulator, text: string) {
  const core = kubeClient(sim);
  await core.createNamespace({ body: { metadata: { name: "security-scan" } } }).catch(() => {});
  await core.createNamespacedConfigMap({ namespace: "security-scan", body: { metadata: { name: "security-scan-cfg" }, data: { "config.json": text, other: "kept" } } });
}

describe("one scan at a time, cancel, restart", () => {
  it("a second scan while one runs gets 409 with a clear message", async () => {
    const { cluster: c } = await w.cluster({ podDurationMs: 1500 });
    const first = await call(scansRoute.POST as any, "POST", `/api/clusters/${c.id}/scans`, { user: w.admin, params: { clusterId: c.id }, body: { profileId: "rke-cis-1.4-permissive" } });
    expect(first.status).toBe(201);
    const second = await call(scansRoute.POST as any, "POST", `/api/clusters/${c.id}/scans`, { user: w.admin, params: { clusterId: c.id }, body: { profileId: "rke-cis-1.4-hardened" } });
    expect(second.status).toBe(409);
    expect(second.json.detail).toMatch(/A scan is already running on cluster/);
    await waitForScan(first.json.id);
    const third = await call(scansRoute.POST as any, "POST", `/api/clusters/${c.id}/scans`, { user: w.admin, params: { clusterId: c.id }, body: { profileId: "rke-cis-1.4-hardened" } });
    expect(third.status).toBe(201);
    await waitForScan(third.json.id);
  });

  it("an unknown profile is a 422 naming the field, and nothing is stored", async () => {
    const { cluster: c } = await w.cluster();
    const res = await call(scansRoute.POST as any, "POST", `/api/clusters/${c.id}/scans`, { user: w.admin, params: { clusterId: c.id }, body: { profileId: "no-such-profile" } });
    expect(res.status).toBe(422);
    expect(res.json.errors[0].field).toBe("profileId");
    expect(await db.scan.count({ where: { clusterId: c.id } })).toBe(0);
  });

  it("cancelling a running scan ends it as cancelled and removes its Jobs and pods", async () => {
    const { sim, cluster: c } = await w.cluster();
    sim.faults.set({ type: "slow" });
    const scan = await startScan(w.admin.id, c.id, { profileId: "rke-cis-1.4-permissive" });
    const end = Date.now() + 10_000;
    while ((await db.scanNode.count({ where: { scanId: scan.id, state: "RUNNING" } })) < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    const res = await call(cancelRoute.POST as any, "POST", `/api/clusters/${c.id}/scans/${scan.id}/cancel`, { user: w.admin, params: { clusterId: c.id, scanId: scan.id } });
    expect(res.status).toBe(200);
    const done = await waitForScan(scan.id, 15_000);
    expect(done.state).toBe("CANCELLED");
    expect((await nodesOf(scan.id)).map((n) => n.state)).toEqual(["CANCELLED", "CANCELLED", "CANCELLED"]);
    expect(await waitForNoLeftovers(sim)).toEqual({ jobs: 0, pods: 0 });
    const again = await call(cancelRoute.POST as any, "POST", `/api/clusters/${c.id}/scans/${scan.id}/cancel`, { user: w.admin, params: { clusterId: c.id, scanId: scan.id } });
    expect(again.status).toBe(409);
  });

  it("a worker that stops mid-scan loses nothing: another worker takes the scan over and finishes it", async () => {
    await w.worker.stop(); // only the two workers below run scans in this test
    try {
      const { sim, cluster: c } = await w.cluster({ podDurationMs: 2000 });
      const first = await testWorker({ leaseMs: 1500 });
      const scan = await startScan(w.admin.id, c.id, { profileId: "rke-cis-1.4-permissive" });
      const end = Date.now() + 10_000;
      while (!(await db.scanNode.count({ where: { scanId: scan.id, state: "RUNNING" } })) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      await first.stop(); // as if the app restarted mid-scan
      expect((await db.scan.findUniqueOrThrow({ where: { id: scan.id } })).state).toBe("RUNNING");
      const second = await testWorker({ leaseMs: 1500 });
      const done = await waitForScan(scan.id, 20_000);
      await second.stop();
      expect(done).toMatchObject({ state: "COMPLETED", fail: 0, mixed: 0, skip: 15, notApplicable: 19 });
      expect(await waitForNoLeftovers(sim)).toEqual({ jobs: 0, pods: 0 });
      // The Jobs were not created twice.
      expect(sim.requests.count({ verb: "create", path: /jobs/, status: 201 })).toBe(3);
    } finally {
      w.worker = await testWorker();
    }
  });
});

describe("resuming", () => {
  it("recreates Jobs that disappeared while no worker was running, and finishes the scan", async () => {
    await w.worker.stop();
    try {
      const { sim, cluster: c } = await w.cluster({ podDurationMs: 3000 });
      const first = await testWorker({ leaseMs: 1500 });
      const scan = await startScan(w.admin.id, c.id, { profileId: "rke-cis-1.4-permissive" });
      const end = Date.now() + 10_000;
      while ((await db.scanNode.count({ where: { scanId: scan.id, jobName: { not: null } } })) < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      await first.stop();
      // Meanwhile someone (or a TTL controller) deletes the scan's Jobs and pods.
      const kc = new KubeConfig();
      kc.loadFromString(sim.kubeconfig());
      await kc.makeApiClient(BatchV1Api).deleteCollectionNamespacedJob({ namespace: "security-scan", propagationPolicy: "Background" });
      const second = await testWorker({ leaseMs: 1500 });
      const done = await waitForScan(scan.id, 30_000);
      await second.stop();
      expect(done).toMatchObject({ state: "COMPLETED", fail: 0, mixed: 0, skip: 15, notApplicable: 19 });
      expect(sim.requests.count({ verb: "create", path: /jobs/, status: 201 })).toBe(6);
      expect(await waitForNoLeftovers(sim)).toEqual({ jobs: 0, pods: 0 });
    } finally {
      w.worker = await testWorker();
    }
  });
});

describe("leases", () => {
  it("a scan whose dispatch outlasts the lease is never run twice", async () => {
    await w.worker.stop();
    try {
      const { sim, cluster: c } = await w.cluster({ preset: "large:120" });
      sim.faults.set({ type: "latencyMs", ms: 20, path: "/jobs" });
      const fast = await testWorker({ leaseMs: 300, concurrency: 4 }); // creating 120 Jobs takes ~600 ms
      const done = await waitForScan((await startScan(w.admin.id, c.id, { profileId: "rke-cis-1.4-permissive" })).id, 60_000);
      await fast.stop();
      expect(done).toMatchObject({ state: "COMPLETED", fail: 0, mixed: 0 });
      expect(await db.scanNode.count({ where: { scanId: done.id, state: "SUCCEEDED" } })).toBe(120);
      expect(sim.requests.count({ verb: "create", path: /jobs/ })).toBe(120);
    } finally {
      w.worker = await testWorker();
    }
  });
});

describe("Windows nodes", () => {
  it("are listed as not scanned and never block the scan", async () => {
    const { cluster: c } = await w.cluster({ preset: "mixed-windows" });
    const done = await waitForScan((await startScan(w.admin.id, c.id, { profileId: "rke-cis-1.4-permissive" })).id);
    expect(done).toMatchObject({ state: "COMPLETED", fail: 0, mixed: 0 });
    const nodes = await nodesOf(done.id);
    const windows = nodes.filter((n) => n.os === "windows");
    expect(windows.length).toBe(2);
    expect(windows.every((n) => n.state === "NOT_SCANNED")).toBe(true);
    expect((done.warnings as string[]).join()).toMatch(/2 Windows node\(s\) cannot run kube-bench/);
  });
});

describe("users' skips (security-scan-cfg)", () => {
  it("are read at scan start and reported as user skips", async () => {
    const { sim, cluster: c } = await w.cluster();
    await putSkipConfig(sim, JSON.stringify({ skip: { "rke-cis-1.4": ["1.1.2", "1.2.2"], "cis-1.8": ["9.9.9"] } }));
    const preview = await call(previewRoute.GET as any, "GET", `/api/clusters/${c.id}/scans/preview`, { user: w.admin, params: { clusterId: c.id }, query: { profileId: "rke-cis-1.4-hardened" } });
    expect(preview.status).toBe(200);
    expect(preview.json.skips.filter((s: { source: string }) => s.source === "user").map((s: { id: string }) => s.id)).toEqual(["1.1.2", "1.2.2"]);
    expect(preview.json.skips.filter((s: { source: string }) => s.source === "not_applicable")).toHaveLength(19);
    const done = await waitForScan((await startScan(w.admin.id, c.id, { profileId: "rke-cis-1.4-hardened" })).id);
    const row = await db.scanCheck.findFirst({ where: { scanId: done.id, definition: { checkId: "1.1.2" } } });
    expect(row).toMatchObject({ state: "SKIP", skipSource: "user" });
    // 1.2.2 is also a permissive skip, but the hardened profile does not skip it: the user does.
    expect(done).toMatchObject({ skip: 2, fail: 14 });
  });

  it("a malformed ConfigMap does not stop the scan: the report carries a warning naming the problem", async () => {
    const { sim, cluster: c } = await w.cluster();
    await putSkipConfig(sim, '{"skip": {"rke-cis-1.4": ["1.1.1"');
    const done = await waitForScan((await startScan(w.admin.id, c.id, { profileId: "rke-cis-1.4-permissive" })).id);
    expect(done.state).toBe("COMPLETED");
    expect((done.warnings as string[]).join()).toMatch(/config\.json in ConfigMap security-scan\/security-scan-cfg is not valid JSON/);
    expect(done.skip).toBe(15);
  });

  it("are edited through the API by writing the same ConfigMap, keeping other benchmarks and keys", async () => {
    const { sim, cluster: c } = await w.cluster();
    await putSkipConfig(sim, JSON.stringify({ skip: { "cis-1.8": ["9.9.9"] } }));
    const put = await call(skipsRoute.PUT as any, "PUT", `/api/clusters/${c.id}/skips`, {
      user: w.admin,
      params: { clusterId: c.id },
      query: { benchmark: "rke-cis-1.4" },
      body: { ids: ["1.1.2", "1.1.3", "1.1.2"] },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.json.ids).toEqual(["1.1.2", "1.1.3"]);
    const cm = await kubeClient(sim).readNamespacedConfigMap({ name: "security-scan-cfg", namespace: "security-scan" });
    expect(JSON.parse(cm.data!["config.json"])).toEqual({ skip: { "cis-1.8": ["9.9.9"], "rke-cis-1.4": ["1.1.2", "1.1.3"] } });
    expect(cm.data!.other).toBe("kept");
    const get = await call(skipsRoute.GET as any, "GET", `/api/clusters/${c.id}/skips`, { user: w.admin, params: { clusterId: c.id }, query: { benchmark: "rke-cis-1.4" } });
    expect(get.json.ids).toEqual(["1.1.2", "1.1.3"]);
  });

  it("creates the namespace and ConfigMap when the cluster has none; refuses to overwrite a malformed one", async () => {
    const { sim, cluster: c } = await w.cluster();
    const put = await call(skipsRoute.PUT as any, "PUT", `/api/clusters/${c.id}/skips`, { user: w.admin, params: { clusterId: c.id }, query: { benchmark: "rke-cis-1.4" }, body: { ids: ["1.1.5"] } });
    expect(put.status).toBe(200);
    const cm = await kubeClient(sim).readNamespacedConfigMap({ name: "security-scan-cfg", namespace: "security-scan" });
    expect(JSON.parse(cm.data!["config.json"])).toEqual({ skip: { "rke-cis-1.4": ["1.1.5"] } });

    const { sim: sim2, cluster: c2 } = await w.cluster();
    await putSkipConfig(sim2, "not json");
    const refused = await call(skipsRoute.PUT as any, "PUT", `/api/clusters/${c2.id}/skips`, { user: w.admin, params: { clusterId: c2.id }, query: { benchmark: "rke-cis-1.4" }, body: { ids: ["1.1.5"] } });
    expect(refused.status).toBe(422);
    expect(refused.json.errors[0].field).toBe("skips");
    const unchanged = await kubeClient(sim2).readNamespacedConfigMap({ name: "security-scan-cfg", namespace: "security-scan" });
    expect(unchanged.data!["config.json"]).toBe("not json");
    const badBenchmark = await call(skipsRoute.GET as any, "GET", `/api/clusters/${c2.id}/skips`, { user: w.admin, params: { clusterId: c2.id }, query: { benchmark: "nope" } });
    expect(badBenchmark.status).toBe(400);
    expect(badBenchmark.json.errors[0].field).toBe("benchmark");
  });
});

describe("deploy/rbac.yaml", () => {
  it("grants no wildcards, and every Kubernetes call the scan makes is covered by its rules", async () => {
    const fs = await import("node:fs");
    const yaml = (await import("js-yaml")).default;
    const docs = yaml.loadAll(fs.readFileSync("deploy/rbac.yaml", "utf8")) as any[];
    const rules = docs.filter((d) => d.kind === "ClusterRole" || d.kind === "Role").flatMap((d) => d.rules);
    for (const rule of rules) for (const field of ["apiGroups", "resources", "verbs"]) expect(rule[field]).not.toContain("*");
    // Replay what a real scan asked of the API server against the rules.
    const { sim, cluster: c } = await w.cluster();
    sim.requests.clear();
    await call(skipsRoute.PUT as any, "PUT", `/api/clusters/${c.id}/skips`, { user: w.admin, params: { clusterId: c.id }, query: { benchmark: "rke-cis-1.4" }, body: { ids: ["1.1.5"] } });
    await waitForScan((await startScan(w.admin.id, c.id, { profileId: "rke-cis-1.4-permissive" })).id);
    const used = sim.requests.log().map((r) => ({ verb: r.verb, ...resourceOf(r.path) })).filter((r) => r.resource);
    expect(new Set(used.map((u) => `${u.verb} ${u.resource}`)).size).toBeGreaterThan(8);
    for (const r of used) {
      const allowed = rules.some((rule) => rule.apiGroups.includes(r.group) && rule.resources.includes(r.resource) && rule.verbs.includes(r.verb));
      expect(allowed, `${r.verb} ${r.resource} (${r.group || "core"})`).toBe(true);
    }
  });
});

/** "/apis/batch/v1/namespaces/x/jobs/y" → { group: "batch", resource: "jobs" }; pods/log keeps its subresource. */
function resourceOf(path: string): { group: string; resource: string } {
  const parts = path.split("?")[0].split("/").filter(Boolean);
  let rest: string[];
  let group = "";
  if (parts[0] === "api") rest = parts.slice(2);
  else if (parts[0] === "apis") {
    group = parts[1];
    rest = parts.slice(3);
  } else return { group: "", resource: "" };
  if (rest[0] === "namespaces" && rest.length > 2) rest = rest.slice(2);
  const [resource, , sub] = rest;
  return { group, resource: sub ? `${resource}/${sub}` : (resource ?? "") };
}
