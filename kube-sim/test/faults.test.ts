// Each fault shows what a real cluster would show.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiException, BatchV1Api, CoreV1Api, type V1Pod } from "@kubernetes/client-node";
import { startSimulator, type Simulator } from "../index";
import { collectWatch, kubeBenchJob, kubeConfig, waitFor } from "./helpers";

let sim: Simulator;
let core: CoreV1Api;
let batch: BatchV1Api;
let n = 0;

beforeAll(async () => {
  sim = await startSimulator({ preset: "rke-ha:3", podDurationMs: 80, seed: "faults" });
  core = kubeConfig(sim).makeApiClient(CoreV1Api);
  batch = kubeConfig(sim).makeApiClient(BatchV1Api);
});
afterAll(() => sim?.stop());

/** Run a kube-bench job on a node; resolve with the pod once `pred` holds. */
async function scan(node: string, pred: (p: V1Pod) => boolean, what: string, opts: Parameters<typeof kubeBenchJob>[2] = {}) {
  const name = `scan-${++n}`;
  await batch.createNamespacedJob({ namespace: "default", body: kubeBenchJob(name, node, opts) as any });
  const pod = await waitFor(async () => (await core.listNamespacedPod({ namespace: "default", labelSelector: `job-name=${name}` })).items.find(pred), 8000, what);
  return { name, pod };
}
const succeeded = (p: V1Pod) => p.status?.phase === "Succeeded" || p.status?.phase === "Failed";
const logOf = (p: V1Pod) => core.readNamespacedPodLog({ name: p.metadata!.name!, namespace: "default" });

describe("node faults", () => {
  it("imagePull: ErrImagePull then ImagePullBackOff, the pod stays Pending and the job never finishes", async () => {
    const id = sim.faults.set({ type: "imagePull", node: "worker-1" });
    try {
      const { name, pod } = await scan("worker-1", (p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === "ImagePullBackOff", "ImagePullBackOff");
      expect(pod.status!.phase).toBe("Pending");
      expect(pod.status!.conditions!.find((c) => c.type === "Ready")).toMatchObject({ status: "False", reason: "ContainersNotReady", message: "containers with unready status: [kube-bench]" });
      const events = (await core.listNamespacedEvent({ namespace: "default", fieldSelector: `involvedObject.name=${pod.metadata!.name}` })).items;
      expect(events.find((e) => e.reason === "Failed")!.message).toMatch(/^Failed to pull image "docker.io\/aquasec\/kube-bench:v0.6.2": rpc error: code = Unknown desc = failed to pull and unpack image/);
      const logRes = await fetch(`${sim.url}/api/v1/namespaces/default/pods/${pod.metadata!.name}/log`, { headers: { Authorization: `Bearer ${sim.tokens.admin}` } });
      expect(logRes.status).toBe(400);
      expect((await logRes.json()).message).toBe(`container "kube-bench" in pod "${pod.metadata!.name}" is waiting to start: trying and failing to pull image`);
      await new Promise((r) => setTimeout(r, 300));
      const job = await batch.readNamespacedJob({ name, namespace: "default" });
      expect(job.status!.active).toBe(1);
      expect(job.status!.conditions ?? []).toEqual([]);
    } finally { sim.faults.remove(id); }
  });

  it("unschedulable: the node is cordoned; a pod pinned by affinity without that toleration stays Pending", async () => {
    const id = sim.faults.set({ type: "unschedulable", node: "worker-2" });
    try {
      const node = await core.readNode({ name: "worker-2" });
      expect(node.spec!.unschedulable).toBe(true);
      expect(node.spec!.taints!.map((t) => `${t.key}:${t.effect}`)).toEqual(["node.kubernetes.io/unschedulable:NoSchedule"]);
      const { pod } = await scan("worker-2", (p) => p.status?.conditions?.some((c) => c.type === "PodScheduled" && c.status === "False") ?? false, "Unschedulable", { pin: "affinity", tolerations: false });
      expect(pod.status!.conditions!.find((c) => c.type === "PodScheduled")!.message).toBe("0/6 nodes are available: 1 node(s) were unschedulable, 5 node(s) didn't match Pod's node affinity/selector. preemption: 0/6 nodes are available: 6 Preemption is not helpful for scheduling.");
      // uncordon: the scheduler retries and the pod runs
      sim.faults.remove(id);
      await waitFor(async () => (await core.readNamespacedPod({ name: pod.metadata!.name!, namespace: "default" })).status?.phase === "Succeeded", 5000, "ran after uncordon");
      expect((await core.readNode({ name: "worker-2" })).spec!.unschedulable).toBeUndefined();
    } finally { sim.faults.remove(id); }
  });

  it("notReady: Ready=Unknown with unreachable taints; a pod bound by nodeName never starts", async () => {
    const id = sim.faults.set({ type: "notReady", node: "worker-3" });
    try {
      const node = await core.readNode({ name: "worker-3" });
      expect(node.status!.conditions!.find((c) => c.type === "Ready")).toMatchObject({ status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status." });
      const { name } = await scan("worker-3", (p) => p.spec?.nodeName === "worker-3", "bound");
      await new Promise((r) => setTimeout(r, 300));
      const pod = (await core.listNamespacedPod({ namespace: "default", labelSelector: `job-name=${name}` })).items[0];
      expect(pod.status!.phase).toBe("Pending");
      expect(pod.status!.containerStatuses).toBeUndefined();
    } finally { sim.faults.remove(id); }
  });

  it("exitError: kube-bench prints [FAIL] config error lines and exits 1; pod Failed, job BackoffLimitExceeded", async () => {
    const id = sim.faults.set({ type: "exitError", node: "master-1" });
    try {
      const { name, pod } = await scan("master-1", succeeded, "finished", { command: ["kube-bench", "run", "--targets", "master,etcd", "--benchmark", "rke-cis-1.4", "--json"] });
      expect(pod.status!.phase).toBe("Failed");
      expect(pod.status!.containerStatuses![0].state!.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
      const log = await logOf(pod);
      expect(log.split("\n")[0]).toMatch(/^\[FAIL\] /);
      await waitFor(async () => (await batch.readNamespacedJob({ name, namespace: "default" })).status?.conditions?.find((c) => c.type === "Failed")?.reason === "BackoffLimitExceeded", 5000, "job failed");
    } finally { sim.faults.remove(id); }
  });

  it("malformedJson / truncatedJson: output that does not parse; hugeOutput: ~10 MB that still parses", async () => {
    const good = JSON.parse(await logOf((await scan("master-2", succeeded, "done")).pod));
    expect(good.Controls.length).toBeGreaterThan(0);

    let id = sim.faults.set({ type: "malformedJson", node: "master-2" });
    const malformed = await logOf((await scan("master-2", succeeded, "done")).pod);
    sim.faults.remove(id);
    expect(() => JSON.parse(malformed)).toThrow();
    expect(malformed).toContain(",,");

    id = sim.faults.set({ type: "truncatedJson", node: "master-2" });
    const truncated = await logOf((await scan("master-2", succeeded, "done")).pod);
    sim.faults.remove(id);
    expect(() => JSON.parse(truncated)).toThrow();
    expect(truncated.length).toBeLessThan(JSON.stringify(good).length);

    id = sim.faults.set({ type: "hugeOutput", node: "master-2" });
    const huge = await logOf((await scan("master-2", succeeded, "done")).pod);
    sim.faults.remove(id);
    expect(huge.length).toBeGreaterThan(9.5 * 1024 * 1024);
    const parsed = JSON.parse(huge);
    expect(parsed.Controls.length).toBe(good.Controls.length);
  });

  it("slow: the pod runs forever (Running, no result)", async () => {
    const id = sim.faults.set({ type: "slow", node: "master-3" });
    try {
      const { pod } = await scan("master-3", (p) => p.status?.phase === "Running", "Running");
      await new Promise((r) => setTimeout(r, 400));
      const again = await core.readNamespacedPod({ name: pod.metadata!.name!, namespace: "default" });
      expect(again.status!.phase).toBe("Running");
      expect(again.status!.containerStatuses![0].state!.running).toBeTruthy();
    } finally { sim.faults.remove(id); }
  });

  it("deleteMidScan: the node disappears while the scan runs; pod GC fails and deletes the pod; the job fails", async () => {
    const id = sim.faults.set({ type: "deleteMidScan", node: "worker-3", afterMs: 20 });
    try {
      const name = `scan-${++n}`;
      const w = await collectWatch(kubeConfig(sim), "/api/v1/namespaces/default/pods", { labelSelector: `job-name=${name}` });
      await batch.createNamespacedJob({ namespace: "default", body: kubeBenchJob(name, "worker-3") as any });
      await waitFor(async () => (await core.listNode()).items.every((x) => x.metadata!.name !== "worker-3"), 5000, "node deleted");
      await waitFor(() => w.events.some((e) => e.type === "DELETED"), 5000, "pod deleted");
      const lastModified = w.events.filter((e) => e.type === "MODIFIED").at(-1)!.object;
      expect(lastModified.status.phase).toBe("Failed");
      expect(lastModified.status.conditions.find((c: any) => c.type === "DisruptionTarget")).toMatchObject({ status: "True", reason: "DeletionByPodGC", message: "PodGC: node no longer exists" });
      w.abort();
      await waitFor(async () => (await batch.readNamespacedJob({ name, namespace: "default" })).status?.conditions?.find((c) => c.type === "Failed")?.reason === "BackoffLimitExceeded", 5000, "job failed");
    } finally { sim.faults.remove(id); }
  });
});

describe("API faults", () => {
  const raw = (path: string, init: RequestInit = {}, token = sim.tokens.admin) => fetch(`${sim.url}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.headers || {}) } });

  it("apiError500 for the next N matching requests, as an InternalError Status", async () => {
    sim.faults.set({ type: "apiError500", count: 2, path: "/api/v1/nodes", verb: "list" });
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      try { await core.listNode(); codes.push(200); } catch (e) { codes.push((e as ApiException<unknown>).code); }
    }
    expect(codes).toEqual([500, 500, 200]);
    expect(sim.faults.list()).toEqual([]);
    expect(sim.requests.count({ path: "/api/v1/nodes", status: 500 })).toBe(2);
    expect((await core.readNode({ name: "master-1" })).metadata!.name).toBe("master-1"); // get was never affected
  });

  it("apiError429 carries Retry-After and details.retryAfterSeconds", async () => {
    sim.faults.set({ type: "apiError429", retryAfterSeconds: 3, count: 1 });
    const res = await raw("/api/v1/namespaces/default/configmaps");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3");
    expect(await res.json()).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Too many requests, please try again later.", reason: "TooManyRequests", details: { retryAfterSeconds: 3 }, code: 429 });
    expect((await raw("/api/v1/namespaces/default/configmaps")).status).toBe(200);
  });

  it("probability-based errors are deterministic per seed and roughly proportional", async () => {
    const id = sim.faults.set({ type: "apiError500", probability: 0.5, path: "/api/v1/namespaces/kube-public/configmaps" });
    let fails = 0;
    for (let i = 0; i < 40; i++) if ((await raw("/api/v1/namespaces/kube-public/configmaps")).status === 500) fails++;
    sim.faults.remove(id);
    expect(fails).toBeGreaterThan(8);
    expect(fails).toBeLessThan(32);
  });

  it("dropWatches closes watch streams after N events; latencyMs delays requests", async () => {
    const id = sim.faults.set({ type: "dropWatches", afterEvents: 2 });
    const w = await collectWatch(kubeConfig(sim), "/api/v1/nodes", {});
    const err = await w.done;
    sim.faults.remove(id);
    expect(err).toBeNull();
    expect(w.events).toHaveLength(2);

    const lid = sim.faults.set({ type: "latencyMs", ms: 150, path: "/api/v1/namespaces" });
    const t0 = Date.now();
    await core.listNamespace();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    sim.faults.remove(lid);
  });

  it("the /_sim/faults control endpoint needs the admin token", async () => {
    expect((await fetch(`${sim.url}/_sim/faults`)).status).toBe(401);
    const ro = await raw("/_sim/faults", {}, sim.tokens.readonly);
    expect(ro.status).toBe(403);
    const set = await raw("/_sim/faults", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ type: "apiError500", count: 1, path: "/api/v1/namespaces/default/secrets" }) });
    expect(set.status).toBe(200);
    expect((await raw("/_sim/faults").then((r) => r.json()))).toHaveLength(1);
    expect((await raw("/api/v1/namespaces/default/secrets")).status).toBe(500);
    const bad = await raw("/_sim/faults", { method: "POST", body: JSON.stringify({ type: "nope" }) });
    expect(bad.status).toBe(400);
    expect((await raw("/_sim/faults", { method: "DELETE" })).status).toBe(200);
    expect(sim.faults.list()).toEqual([]);
  });
});
