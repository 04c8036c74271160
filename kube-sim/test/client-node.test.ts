// The simulator through @kubernetes/client-node: what the product does against a real API server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiException, BatchV1Api, CoreV1Api, RbacAuthorizationV1Api, PatchStrategy, setHeaderOptions, VersionApi, type KubeConfig } from "@kubernetes/client-node";
import { startSimulator, type Simulator } from "../index";
import { collectWatch, kubeBenchJob, kubeConfig, waitFor } from "./helpers";

let sim: Simulator;
let kc: KubeConfig;
let core: CoreV1Api;
let batch: BatchV1Api;

async function apiError(p: Promise<unknown>): Promise<{ code: number; body: any; headers: Record<string, string> }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiException) return { code: e.code, body: typeof e.body === "string" ? JSON.parse(e.body) : e.body, headers: e.headers };
    throw e;
  }
  throw new Error("expected the call to fail");
}

/** true once the call answers 404 */
async function isGone(p: Promise<unknown>): Promise<boolean> {
  try { await p; return false; } catch (e) { if (e instanceof ApiException && e.code === 404) return true; throw e; }
}

beforeAll(async () => {
  sim = await startSimulator({ preset: "rke-3", podDurationMs: 60, seed: "t1" });
  kc = kubeConfig(sim);
  core = kc.makeApiClient(CoreV1Api);
  batch = kc.makeApiClient(BatchV1Api);
});
afterAll(() => sim?.stop());

describe("discovery and nodes", () => {
  it("serves /version with the cluster's gitVersion", async () => {
    const v = await kc.makeApiClient(VersionApi).getCode();
    expect(v.gitVersion).toBe("v1.14.10");
    expect(v.major).toBe("1");
    expect(v.minor).toBe("14");
  });

  it("lists RKE nodes with role labels, taints, annotations and nodeInfo", async () => {
    const list = await core.listNode();
    expect(list.items.map((n) => n.metadata!.name)).toEqual(["controlplane-1", "etcd-1", "worker-1"]);
    const cp = list.items[0];
    expect(cp.metadata!.labels!["node-role.kubernetes.io/controlplane"]).toBe("true");
    expect(cp.spec!.taints).toEqual([{ key: "node-role.kubernetes.io/controlplane", value: "true", effect: "NoSchedule" }]);
    expect(list.items[1].spec!.taints).toEqual([{ key: "node-role.kubernetes.io/etcd", value: "true", effect: "NoExecute" }]);
    expect(list.items[2].spec!.taints).toBeUndefined();
    expect(cp.metadata!.annotations!["rke.cattle.io/internal-ip"]).toMatch(/^10\./);
    expect(cp.status!.nodeInfo!.kubeletVersion).toBe("v1.14.10");
    expect(cp.status!.nodeInfo!.operatingSystem).toBe("linux");
    expect(cp.status!.conditions!.find((c) => c.type === "Ready")!.status).toBe("True");
    expect(Number(list.metadata!.resourceVersion)).toBeGreaterThan(0);
  });

  it("filters with label selectors (=, !=, in, notin, exists, !exists) and field selectors", async () => {
    const names = async (labelSelector?: string, fieldSelector?: string) => (await core.listNode({ labelSelector, fieldSelector })).items.map((n) => n.metadata!.name);
    expect(await names("node-role.kubernetes.io/worker=true")).toEqual(["worker-1"]);
    expect(await names("node-role.kubernetes.io/worker==true")).toEqual(["worker-1"]);
    expect(await names("node-role.kubernetes.io/worker!=true")).toEqual(["controlplane-1", "etcd-1"]);
    expect(await names("kubernetes.io/hostname in (etcd-1,worker-1)")).toEqual(["etcd-1", "worker-1"]);
    expect(await names("kubernetes.io/hostname notin (etcd-1,worker-1)")).toEqual(["controlplane-1"]);
    expect(await names("node-role.kubernetes.io/etcd")).toEqual(["etcd-1"]);
    expect(await names("!node-role.kubernetes.io/etcd,kubernetes.io/os=linux")).toEqual(["controlplane-1", "worker-1"]);
    expect(await names(undefined, "metadata.name=etcd-1")).toEqual(["etcd-1"]);
    expect(await names(undefined, "metadata.name!=etcd-1")).toEqual(["controlplane-1", "worker-1"]);
    const bad = await apiError(core.listNode({ fieldSelector: "spec.foo=bar" }));
    expect(bad.code).toBe(400);
    expect(bad.body.message).toBe("field label not supported: spec.foo");
  });

  it("pages with limit/continue and remainingItemCount", async () => {
    const p1 = await core.listNode({ limit: 2 });
    expect(p1.items.map((n) => n.metadata!.name)).toEqual(["controlplane-1", "etcd-1"]);
    expect(p1.metadata!.remainingItemCount).toBe(1);
    expect(p1.metadata!._continue).toBeTruthy();
    const p2 = await core.listNode({ limit: 2, _continue: p1.metadata!._continue });
    expect(p2.items.map((n) => n.metadata!.name)).toEqual(["worker-1"]);
    expect(p2.metadata!._continue).toBeFalsy();
    expect(p2.metadata!.resourceVersion).toBe(p1.metadata!.resourceVersion);
    const bad = await apiError(core.listNode({ limit: 2, _continue: "not-a-token" }));
    expect(bad.code).toBe(400);
  });
});

describe("auth", () => {
  it("401 Unauthorized without or with a bad token, as a Status", async () => {
    const res = await fetch(`${sim.url}/api/v1/nodes`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Unauthorized", reason: "Unauthorized", code: 401 });
    const bad = await fetch(`${sim.url}/api/v1/nodes`, { headers: { Authorization: "Bearer nope" } });
    expect(bad.status).toBe(401);
    // /version and health are public
    expect((await fetch(`${sim.url}/version`)).status).toBe(200);
    expect(await (await fetch(`${sim.url}/readyz`)).text()).toBe("ok");
  });

  it("read-only token may get/list/watch but gets the RBAC Forbidden message on create", async () => {
    const ro = kubeConfig(sim, "readonly");
    const roBatch = ro.makeApiClient(BatchV1Api);
    expect((await ro.makeApiClient(CoreV1Api).listNode()).items).toHaveLength(3);
    await core.createNamespace({ body: { metadata: { name: "security-scan" } } });
    const e = await apiError(roBatch.createNamespacedJob({ namespace: "security-scan", body: kubeBenchJob("x", "worker-1") as any }));
    expect(e.code).toBe(403);
    expect(e.body.reason).toBe("Forbidden");
    expect(e.body.message).toBe('jobs.batch is forbidden: User "readonly" cannot create resource "jobs" in API group "batch" in the namespace "security-scan"');
    expect(e.body.details).toEqual({ group: "batch", kind: "jobs" });
    const d = await apiError(ro.makeApiClient(CoreV1Api).deleteNode({ name: "worker-1" }));
    expect(d.body.message).toBe('nodes "worker-1" is forbidden: User "readonly" cannot delete resource "nodes" in API group "" at the cluster scope');
  });

  it("authorizes other users by stored RBAC objects", async () => {
    const s2 = await startSimulator({ spec: { nodes: [{ name: "n1" }], users: [{ name: "scanner", token: "scanner-token" }] } });
    try {
      const get = () => fetch(`${s2.url}/api/v1/namespaces/default/configmaps`, { headers: { Authorization: "Bearer scanner-token" } });
      expect((await get()).status).toBe(403);
      const admin = kubeConfig(s2).makeApiClient(RbacAuthorizationV1Api);
      await admin.createClusterRole({ body: { metadata: { name: "cm-reader" }, rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["list"] }] } });
      await admin.createNamespacedRoleBinding({ namespace: "default", body: { metadata: { name: "b" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cm-reader" }, subjects: [{ kind: "User", name: "scanner", apiGroup: "rbac.authorization.k8s.io" }] } });
      expect((await get()).status).toBe(200);
      expect((await fetch(`${s2.url}/api/v1/namespaces/kube-system/configmaps`, { headers: { Authorization: "Bearer scanner-token" } })).status).toBe(403);
    } finally { await s2.stop(); }
  });
});

describe("namespaces and configmaps", () => {
  it("creates, gets, lists, replaces, patches (merge, strategic, json) and deletes a ConfigMap", async () => {
    await core.createNamespace({ body: { metadata: { name: "cm-test" } } });
    const created = await core.createNamespacedConfigMap({ namespace: "cm-test", body: { metadata: { name: "security-scan-cfg", labels: { app: "scan" } }, data: { "config.json": '{"skip":{}}' } } });
    expect(created.metadata!.uid).toBeTruthy();
    expect(created.metadata!.resourceVersion).toBeTruthy();
    expect(created.metadata!.creationTimestamp).toBeInstanceOf(Date);
    const got = await core.readNamespacedConfigMap({ name: "security-scan-cfg", namespace: "cm-test" });
    expect(got.data).toEqual({ "config.json": '{"skip":{}}' });

    const dup = await apiError(core.createNamespacedConfigMap({ namespace: "cm-test", body: { metadata: { name: "security-scan-cfg" } } }));
    expect(dup.code).toBe(409);
    expect(dup.body.reason).toBe("AlreadyExists");
    expect(dup.body.message).toBe('configmaps "security-scan-cfg" already exists');

    const replaced = await core.replaceNamespacedConfigMap({ name: "security-scan-cfg", namespace: "cm-test", body: { ...got, data: { "config.json": '{"skip":{"rke-cis-1.4":["1.1.1"]}}' } } });
    expect(Number(replaced.metadata!.resourceVersion)).toBeGreaterThan(Number(got.metadata!.resourceVersion));
    const stale = await apiError(core.replaceNamespacedConfigMap({ name: "security-scan-cfg", namespace: "cm-test", body: got }));
    expect(stale.code).toBe(409);
    expect(stale.body.reason).toBe("Conflict");
    expect(stale.body.message).toBe('Operation cannot be fulfilled on configmaps "security-scan-cfg": the object has been modified; please apply your changes to the latest version and try again');

    const merged = await core.patchNamespacedConfigMap({ name: "security-scan-cfg", namespace: "cm-test", body: { data: { extra: "1" }, metadata: { labels: { app: null } } } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
    expect(merged.data).toEqual({ "config.json": '{"skip":{"rke-cis-1.4":["1.1.1"]}}', extra: "1" });
    expect(merged.metadata!.labels).toBeUndefined();
    const smp = await core.patchNamespacedConfigMap({ name: "security-scan-cfg", namespace: "cm-test", body: { data: { extra: "2" } } }, setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch));
    expect(smp.data!.extra).toBe("2");
    const jp = await core.patchNamespacedConfigMap({ name: "security-scan-cfg", namespace: "cm-test", body: [{ op: "remove", path: "/data/extra" }, { op: "add", path: "/metadata/labels", value: { a: "b" } }] }, setHeaderOptions("Content-Type", PatchStrategy.JsonPatch));
    expect(jp.data).toEqual({ "config.json": '{"skip":{"rke-cis-1.4":["1.1.1"]}}' });
    expect(jp.metadata!.labels).toEqual({ a: "b" });
    const failedTest = await apiError(core.patchNamespacedConfigMap({ name: "security-scan-cfg", namespace: "cm-test", body: [{ op: "test", path: "/data/nope", value: "x" }] }, setHeaderOptions("Content-Type", PatchStrategy.JsonPatch)));
    expect(failedTest.code).toBe(422);

    const del = await core.deleteNamespacedConfigMap({ name: "security-scan-cfg", namespace: "cm-test" });
    expect((del as any).status).toBe("Success");
    const missing = await apiError(core.readNamespacedConfigMap({ name: "security-scan-cfg", namespace: "cm-test" }));
    expect(missing.code).toBe(404);
    expect(missing.body).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: 'configmaps "security-scan-cfg" not found', reason: "NotFound", details: { name: "security-scan-cfg", kind: "configmaps" }, code: 404 });
  });

  it("rejects invalid objects with 422 and causes, and oversized ConfigMaps (1 MiB)", async () => {
    const bad = await apiError(core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "Bad_Name" } } }));
    expect(bad.code).toBe(422);
    expect(bad.body.reason).toBe("Invalid");
    expect(bad.body.details.causes[0]).toMatchObject({ reason: "FieldValueInvalid", field: "metadata.name" });
    const big = await apiError(core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "big" }, data: { report: "x".repeat(1024 * 1024 + 10) } } }));
    expect(big.code).toBe(422);
    expect(big.body.message).toContain("Too long: must have at most 1048576 bytes");
    const noNs = await apiError(core.createNamespacedConfigMap({ namespace: "nope", body: { metadata: { name: "a" } } }));
    expect(noNs.code).toBe(404);
    expect(noNs.body.message).toBe('namespaces "nope" not found');
  });

  it("deleting a namespace removes what it contains (Terminating first)", async () => {
    await core.createNamespace({ body: { metadata: { name: "doomed" } } });
    await core.createNamespacedConfigMap({ namespace: "doomed", body: { metadata: { name: "a" } } });
    const ns = await core.deleteNamespace({ name: "doomed" });
    expect((ns as any).status.phase).toBe("Terminating");
    const refused = await apiError(core.createNamespacedConfigMap({ namespace: "doomed", body: { metadata: { name: "b" } } }));
    expect(refused.code).toBe(403);
    expect(refused.body.message).toContain("because it is being terminated");
    await waitFor(() => isGone(core.readNamespace({ name: "doomed" })), 5000, "namespace gone");
    expect(sim.objects("configmaps", "doomed")).toEqual([]);
  });

  it("ServiceAccounts: create, get, list, delete", async () => {
    await core.createNamespacedServiceAccount({ namespace: "default", body: { metadata: { name: "kube-bench" } } });
    expect((await core.readNamespacedServiceAccount({ name: "kube-bench", namespace: "default" })).metadata!.name).toBe("kube-bench");
    expect((await core.listNamespacedServiceAccount({ namespace: "default" })).items.map((s) => s.metadata!.name)).toEqual(["default", "kube-bench"]);
    await core.deleteNamespacedServiceAccount({ name: "kube-bench", namespace: "default" });
    expect((await apiError(core.readNamespacedServiceAccount({ name: "kube-bench", namespace: "default" }))).code).toBe(404);
  });

  it("RBAC objects are validated (422 with causes)", async () => {
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    const e = await apiError(rbac.createNamespacedRole({ namespace: "default", body: { metadata: { name: "r" }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: [] }] } }));
    expect(e.code).toBe(422);
    expect(e.body.details.causes).toEqual([{ reason: "FieldValueRequired", message: "Required value: verbs must contain at least one value", field: "rules[0].verbs" }]);
    const b = await apiError(rbac.createClusterRoleBinding({ body: { metadata: { name: "b" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "" }, subjects: [{ kind: "ServiceAccount", name: "x" }] } as any }));
    expect(b.code).toBe(422);
    expect(b.body.details.causes.map((c: any) => c.field).sort()).toEqual(["roleRef.kind", "roleRef.name", "subjects[0].namespace"]);
    const ok = await rbac.createClusterRole({ body: { metadata: { name: "kube-bench" }, rules: [{ apiGroups: [""], resources: ["nodes"], verbs: ["get", "list"] }] } });
    expect(ok.rules![0].verbs).toEqual(["get", "list"]);
  });
});

describe("watches", () => {
  it("streams ADDED/MODIFIED/DELETED, resumes from a resourceVersion, and sends bookmarks", async () => {
    const list = await core.listNamespacedConfigMap({ namespace: "default" });
    const w = await collectWatch(kc, "/api/v1/namespaces/default/configmaps", { resourceVersion: list.metadata!.resourceVersion, allowWatchBookmarks: true, labelSelector: "w=1" });
    await core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "w1", labels: { w: "1" } }, data: { a: "1" } } });
    await core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "w2" } } }); // not selected
    await core.patchNamespacedConfigMap({ name: "w1", namespace: "default", body: { data: { a: "2" } } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
    await core.deleteNamespacedConfigMap({ name: "w1", namespace: "default" });
    await waitFor(() => w.events.length >= 3, 5000, "3 events");
    expect(w.events.map((e) => [e.type, e.object.metadata.name])).toEqual([["ADDED", "w1"], ["MODIFIED", "w1"], ["DELETED", "w1"]]);
    const modifiedRv = w.events[1].object.metadata.resourceVersion;
    w.abort();

    // resume after the MODIFIED event: only the DELETED comes again
    const w2 = await collectWatch(kc, "/api/v1/namespaces/default/configmaps", { resourceVersion: modifiedRv, labelSelector: "w=1" });
    await waitFor(() => w2.events.length >= 1, 5000, "replayed event");
    expect(w2.events.map((e) => e.type)).toEqual(["DELETED"]);
    w2.abort();

    // a label change out of the selector is a DELETED for that watcher
    await core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "w3", labels: { w: "1" } } } });
    const w3 = await collectWatch(kc, "/api/v1/namespaces/default/configmaps", { labelSelector: "w=1" });
    await waitFor(() => w3.events.length >= 1, 5000, "initial ADDED");
    await core.patchNamespacedConfigMap({ name: "w3", namespace: "default", body: { metadata: { labels: { w: "2" } } } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
    await waitFor(() => w3.events.length >= 2, 5000, "DELETED on relabel");
    expect(w3.events.map((e) => e.type)).toEqual(["ADDED", "DELETED"]);
    w3.abort();
  });

  it("sends BOOKMARK events with allowWatchBookmarks and honours timeoutSeconds", async () => {
    const s2 = await startSimulator({ spec: { nodes: [{ name: "n1" }], timing: { bookmarkIntervalMs: 100 } } });
    try {
      const k2 = kubeConfig(s2);
      const w = await collectWatch(k2, "/api/v1/nodes", { allowWatchBookmarks: true, timeoutSeconds: 1 });
      const err = await w.done;
      expect(err).toBeNull();
      expect(w.events[0].type).toBe("ADDED");
      const bookmarks = w.events.filter((e) => e.type === "BOOKMARK");
      expect(bookmarks.length).toBeGreaterThanOrEqual(3);
      expect(bookmarks[0].object).toMatchObject({ kind: "Node", apiVersion: "v1" });
      expect(Number(bookmarks[0].object.metadata.resourceVersion)).toBeGreaterThan(0);
    } finally { await s2.stop(); }
  });

  it("answers a too-old resourceVersion with an ERROR event carrying 410 Expired (and lists with 410 on an expired continue token)", async () => {
    const s2 = await startSimulator({ spec: { nodes: [{ name: "n1" }, { name: "n2" }], watchHistorySize: 3 } });
    try {
      const k2 = kubeConfig(s2);
      const c2 = k2.makeApiClient(CoreV1Api);
      const rv0 = (await c2.listNamespacedConfigMap({ namespace: "default" })).metadata!.resourceVersion!;
      const page = await c2.listNode({ limit: 1 });
      for (let i = 0; i < 5; i++) await c2.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: `c${i}` } } });
      const w = await collectWatch(k2, "/api/v1/namespaces/default/configmaps", { resourceVersion: rv0 });
      await w.done;
      expect(w.events).toHaveLength(1);
      expect(w.events[0].type).toBe("ERROR");
      expect(w.events[0].object).toMatchObject({ kind: "Status", apiVersion: "v1", status: "Failure", reason: "Expired", code: 410 });
      expect(w.events[0].object.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
      s2.compact();
      const e = await apiError(c2.listNode({ limit: 1, _continue: page.metadata!._continue }));
      expect(e.code).toBe(410);
      expect(e.body.reason).toBe("Expired");
    } finally { await s2.stop(); }
  });
});

describe("jobs, pods and logs", () => {
  it("runs a kube-bench Job: pod with job labels and owner reference, Running -> Succeeded, Complete, log = kube-bench JSON", async () => {
    const w = await collectWatch(kc, "/api/v1/namespaces/security-scan/pods", { labelSelector: "job-name=kb-worker" });
    const job = await batch.createNamespacedJob({ namespace: "security-scan", body: kubeBenchJob("kb-worker", "worker-1") as any });
    expect(job.spec!.selector!.matchLabels!["batch.kubernetes.io/controller-uid"]).toBe(job.metadata!.uid);
    const done = await waitFor(async () => {
      const j = await batch.readNamespacedJob({ name: "kb-worker", namespace: "security-scan" });
      return j.status?.conditions?.some((c) => c.type === "Complete" && c.status === "True") && j;
    }, 10_000, "job complete");
    expect(done.status!.succeeded).toBe(1);
    expect(done.status!.startTime).toBeInstanceOf(Date);
    expect(done.status!.completionTime).toBeInstanceOf(Date);
    expect(done.status!.conditions!.find((c) => c.type === "Complete")!.reason).toBe("CompletionsReached");
    const pods = await core.listNamespacedPod({ namespace: "security-scan", labelSelector: `controller-uid=${job.metadata!.uid}` });
    expect(pods.items).toHaveLength(1);
    const pod = pods.items[0];
    expect(pod.metadata!.name).toMatch(/^kb-worker-[a-z0-9]{5}$/);
    expect(pod.metadata!.labels!["job-name"]).toBe("kb-worker");
    expect(pod.metadata!.ownerReferences).toEqual([{ apiVersion: "batch/v1", kind: "Job", name: "kb-worker", uid: job.metadata!.uid, controller: true, blockOwnerDeletion: true }]);
    expect(pod.spec!.nodeName).toBe("worker-1");
    expect(pod.status!.phase).toBe("Succeeded");
    expect(pod.status!.hostIP).toMatch(/^10\.0\./);
    const cs = pod.status!.containerStatuses![0];
    expect(cs.state!.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(cs.state!.terminated!.startedAt).toBeInstanceOf(Date);
    // the watch saw the whole lifecycle
    await waitFor(() => w.events.some((e) => e.object.status?.phase === "Succeeded"), 5000, "Succeeded event");
    const phases = w.events.map((e) => e.object.status?.phase);
    expect(phases[0]).toBe("Pending");
    expect(phases).toContain("Running");
    w.abort();

    const log = await core.readNamespacedPodLog({ name: pod.metadata!.name!, namespace: "security-scan" });
    const parsed = JSON.parse(log.split("\n")[0]);
    expect(parsed.Controls[0].node_type).toBe("node");
    expect(parsed.Totals).toHaveProperty("total_pass");
    const tail = await core.readNamespacedPodLog({ name: pod.metadata!.name!, namespace: "security-scan", tailLines: 1, timestamps: true });
    expect(tail).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /);
    // field selectors on pods
    expect((await core.listPodForAllNamespaces({ fieldSelector: "spec.nodeName=worker-1,status.phase=Succeeded" })).items.length).toBeGreaterThanOrEqual(1);
    expect((await core.listPodForAllNamespaces({ fieldSelector: "spec.nodeName=etcd-1" })).items).toHaveLength(0);
  });

  it("log of a pending container is a 400 like the kubelet's; follow streams until the container ends", async () => {
    const s2 = await startSimulator({ preset: "rke-3", podDurationMs: 400 });
    try {
      const b2 = kubeConfig(s2).makeApiClient(BatchV1Api);
      const c2 = kubeConfig(s2).makeApiClient(CoreV1Api);
      s2.faults.set({ type: "notReady", node: "etcd-1" }); // no kubelet: the pod stays Pending on its node
      await b2.createNamespacedJob({ namespace: "default", body: kubeBenchJob("kb-follow", "etcd-1") as any });
      const pod = await waitFor(async () => (await c2.listNamespacedPod({ namespace: "default", labelSelector: "job-name=kb-follow" })).items[0], 5000, "pod");
      const url = `${s2.url}/api/v1/namespaces/default/pods/${pod.metadata!.name}/log`;
      const auth = { headers: { Authorization: `Bearer ${s2.tokens.admin}` } };
      const early = await fetch(url, auth);
      expect(early.status).toBe(400);
      expect((await early.json()).message).toBe(`container "kube-bench" in pod "${pod.metadata!.name}" is waiting to start: ContainerCreating`);
      s2.faults.clear();
      await waitFor(async () => (await c2.readNamespacedPod({ name: pod.metadata!.name!, namespace: "default" })).status?.phase === "Running", 5000, "Running");
      expect(await (await fetch(url, auth)).text()).toBe(""); // kube-bench prints its report at the end
      const t0 = Date.now();
      const res = await fetch(`${url}?follow=true`, auth);
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(Date.now() - t0).toBeGreaterThan(50); // it waited for the container to finish
      expect(JSON.parse(text).Controls.length).toBeGreaterThan(0);
    } finally { await s2.stop(); }
  });

  it("deleting a Job: Orphan by default (with the API server's warning), Background and Foreground delete its pods", async () => {
    const mk = async (name: string) => {
      await batch.createNamespacedJob({ namespace: "security-scan", body: kubeBenchJob(name, "worker-1") as any });
      return waitFor(async () => (await core.listNamespacedPod({ namespace: "security-scan", labelSelector: `job-name=${name}` })).items[0], 5000, "pod");
    };
    const podOf = async (name: string) => (await core.listNamespacedPod({ namespace: "security-scan", labelSelector: `job-name=${name}` })).items;

    await mk("del-orphan");
    const raw = await fetch(`${sim.url}/apis/batch/v1/namespaces/security-scan/jobs/del-orphan`, { method: "DELETE", headers: { Authorization: `Bearer ${sim.tokens.admin}` } });
    expect(raw.status).toBe(200);
    expect(raw.headers.get("warning")).toContain("child pods are preserved by default when jobs are deleted");
    await new Promise((r) => setTimeout(r, 100));
    const orphans = await podOf("del-orphan");
    expect(orphans).toHaveLength(1);
    expect(orphans[0].metadata!.ownerReferences).toBeUndefined();

    await mk("del-bg");
    await batch.deleteNamespacedJob({ name: "del-bg", namespace: "security-scan", propagationPolicy: "Background" });
    await waitFor(async () => (await podOf("del-bg")).length === 0, 5000, "pods gone (Background)");

    await mk("del-fg");
    const fg = await fetch(`${sim.url}/apis/batch/v1/namespaces/security-scan/jobs/del-fg`, {
      method: "DELETE", headers: { Authorization: `Bearer ${sim.tokens.admin}`, "Content-Type": "application/json" },
      body: JSON.stringify({ kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: "Foreground" }),
    });
    const j = await fg.json();
    expect(j.metadata.finalizers).toContain("foregroundDeletion");
    expect(j.metadata.deletionTimestamp).toBeTruthy();
    await waitFor(async () => (await podOf("del-fg")).length === 0 && (await isGone(batch.readNamespacedJob({ name: "del-fg", namespace: "security-scan" }))), 5000, "job and pods gone (Foreground)");
  });

  it("ttlSecondsAfterFinished deletes the finished Job and its pods", async () => {
    await batch.createNamespacedJob({ namespace: "security-scan", body: kubeBenchJob("kb-ttl", "worker-1", { ttl: 0 }) as any });
    await waitFor(() => isGone(batch.readNamespacedJob({ name: "kb-ttl", namespace: "security-scan" })), 10_000, "job deleted by TTL");
    await waitFor(async () => (await core.listNamespacedPod({ namespace: "security-scan", labelSelector: "job-name=kb-ttl" })).items.length === 0, 5000, "pods deleted");
  });

  it("activeDeadlineSeconds: DeadlineExceeded, pods killed", async () => {
    sim.faults.set({ type: "slow", node: "controlplane-1" });
    try {
      await batch.createNamespacedJob({ namespace: "security-scan", body: kubeBenchJob("kb-deadline", "controlplane-1", { activeDeadlineSeconds: 1 }) as any });
      const j = await waitFor(async () => {
        const x = await batch.readNamespacedJob({ name: "kb-deadline", namespace: "security-scan" });
        return x.status?.conditions?.some((c) => c.type === "Failed") && x;
      }, 8000, "job failed");
      const failed = j.status!.conditions!.find((c) => c.type === "Failed")!;
      expect(failed.reason).toBe("DeadlineExceeded");
      expect(failed.message).toBe("Job was active longer than specified deadline");
      await waitFor(async () => (await core.listNamespacedPod({ namespace: "security-scan", labelSelector: "job-name=kb-deadline" })).items.length === 0, 5000, "pods killed");
    } finally { sim.faults.clear(); }
  });

  it("backoffLimit: failing pods are retried with new pods, then BackoffLimitExceeded", async () => {
    await batch.createNamespacedJob({ namespace: "security-scan", body: kubeBenchJob("exit1", "worker-1", { image: "busybox:1.36", command: ["sh", "-c", "echo boom; exit 3"], backoffLimit: 2 }) as any });
    const j = await waitFor(async () => {
      const x = await batch.readNamespacedJob({ name: "exit1", namespace: "security-scan" });
      return x.status?.conditions?.some((c) => c.type === "Failed") && x;
    }, 10_000, "job failed");
    expect(j.status!.failed).toBe(3);
    expect(j.status!.conditions!.find((c) => c.type === "Failed")!.reason).toBe("BackoffLimitExceeded");
    const pods = (await core.listNamespacedPod({ namespace: "security-scan", labelSelector: "job-name=exit1" })).items;
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.status!.phase).toBe("Failed");
      expect(p.status!.containerStatuses![0].state!.terminated).toMatchObject({ exitCode: 3, reason: "Error" });
    }
    expect(await core.readNamespacedPodLog({ name: pods[0].metadata!.name!, namespace: "security-scan" })).toBe("boom\n");
  });

  it("Job validation: restartPolicy and containers are required (422)", async () => {
    const body = kubeBenchJob("bad", "worker-1") as any;
    body.spec.template.spec.restartPolicy = "Always";
    body.spec.template.spec.containers[0].image = "";
    const e = await apiError(batch.createNamespacedJob({ namespace: "security-scan", body }));
    expect(e.code).toBe(422);
    expect(e.body.details.causes.map((c: any) => c.field).sort()).toEqual(["spec.template.spec.containers[0].image", "spec.template.spec.restartPolicy"]);
    expect(e.body.message).toMatch(/^Job\.batch "bad" is invalid: \[/);
  });

  it("nodes can be deleted (watch sees DELETED) and added", async () => {
    const w = await collectWatch(kc, "/api/v1/nodes", { resourceVersion: (await core.listNode()).metadata!.resourceVersion });
    sim.addNode({ name: "worker-2", roles: ["worker"] });
    await core.deleteNode({ name: "worker-2" });
    await waitFor(() => w.events.length >= 2, 5000, "events");
    expect(w.events.map((e) => [e.type, e.object.metadata.name])).toEqual([["ADDED", "worker-2"], ["DELETED", "worker-2"]]);
    w.abort();
  });

  it("counts requests for assertions", async () => {
    const before = sim.requests.count({ verb: "list", path: "/api/v1/nodes" });
    await core.listNode();
    expect(sim.requests.count({ verb: "list", path: "/api/v1/nodes" })).toBe(before + 1);
  });
});
