// Scheduling as kube-scheduler does it: taints/tolerations, nodeSelector, node affinity (matchFields pinning),
// Windows nodes, presets and provider markers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatchV1Api, CoreV1Api, type V1Pod } from "@kubernetes/client-node";
import { presetSpec, startSimulator, type Simulator } from "../index";
import { kubeBenchJob, kubeConfig, waitFor } from "./helpers";

let sim: Simulator;
let core: CoreV1Api;
let batch: BatchV1Api;

beforeAll(async () => {
  sim = await startSimulator({ preset: "mixed-windows", podDurationMs: 50 });
  core = kubeConfig(sim).makeApiClient(CoreV1Api);
  batch = kubeConfig(sim).makeApiClient(BatchV1Api);
});
afterAll(() => sim?.stop());

async function podOf(job: string, pred: (p: V1Pod) => boolean, what: string): Promise<V1Pod> {
  return waitFor(async () => (await core.listNamespacedPod({ namespace: "default", labelSelector: `job-name=${job}` })).items.find(pred), 5000, what);
}
const scheduledCond = (p: V1Pod) => p.status?.conditions?.find((c) => c.type === "PodScheduled");

describe("scheduler", () => {
  it("pins by matchFields affinity; an untolerated etcd taint keeps the pod Pending with the real message", async () => {
    await batch.createNamespacedJob({ namespace: "default", body: kubeBenchJob("no-tol", "etcd-1", { pin: "affinity", tolerations: false }) as any });
    const p = await podOf("no-tol", (x) => scheduledCond(x)?.status === "False", "Unschedulable");
    expect(p.status!.phase).toBe("Pending");
    expect(p.spec!.nodeName).toBeUndefined();
    const c = scheduledCond(p)!;
    expect(c.reason).toBe("Unschedulable");
    expect(c.message).toBe("0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/etcd: true}, 4 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.");
  });

  it("a toleration (operator Exists, empty key) lets it land on the tainted node", async () => {
    await batch.createNamespacedJob({ namespace: "default", body: kubeBenchJob("tol", "etcd-1", { pin: "affinity" }) as any });
    const p = await podOf("tol", (x) => x.status?.phase === "Succeeded", "Succeeded");
    expect(p.spec!.nodeName).toBe("etcd-1");
    expect(scheduledCond(p)!.status).toBe("True");
  });

  it("Equal toleration must match key and value; NoSchedule taints on controlplane", async () => {
    const pod = (name: string, tolerations: unknown[]) => ({
      metadata: { name }, spec: { restartPolicy: "Never", nodeSelector: { "node-role.kubernetes.io/controlplane": "true" }, tolerations, containers: [{ name: "c", image: "busybox" }] },
    });
    await core.createNamespacedPod({ namespace: "default", body: pod("cp-wrong", [{ key: "node-role.kubernetes.io/controlplane", operator: "Equal", value: "false", effect: "NoSchedule" }]) as any });
    await core.createNamespacedPod({ namespace: "default", body: pod("cp-right", [{ key: "node-role.kubernetes.io/controlplane", operator: "Equal", value: "true", effect: "NoSchedule" }]) as any });
    const wrong = await waitFor(async () => { const p = await core.readNamespacedPod({ name: "cp-wrong", namespace: "default" }); return scheduledCond(p)?.status === "False" && p; }, 5000, "cp-wrong unschedulable");
    // each node reports its first failing filter (TaintToleration runs before NodeAffinity)
    expect(scheduledCond(wrong)!.message).toBe("0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/controlplane: true}, 1 node(s) had untolerated taint {node-role.kubernetes.io/etcd: true}, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.");
    const right = await waitFor(async () => { const p = await core.readNamespacedPod({ name: "cp-right", namespace: "default" }); return p.spec?.nodeName ? p : undefined; }, 5000, "cp-right bound");
    expect(right.spec!.nodeName).toBe("controlplane-1");
  });

  it("a pending pod is scheduled when a matching node appears", async () => {
    await core.createNamespacedPod({ namespace: "default", body: { metadata: { name: "wants-gpu" }, spec: { restartPolicy: "Never", nodeSelector: { gpu: "yes" }, containers: [{ name: "c", image: "busybox" }] } } as any });
    const p = await waitFor(async () => { const x = await core.readNamespacedPod({ name: "wants-gpu", namespace: "default" }); return scheduledCond(x)?.status === "False" && x; }, 5000, "pending");
    expect(scheduledCond(p)!.message).toContain(", 3 node(s) didn't match Pod's node affinity/selector.");
    sim.addNode({ name: "gpu-1", roles: ["worker"], labels: { gpu: "yes" } });
    const bound = await waitFor(async () => { const x = await core.readNamespacedPod({ name: "wants-gpu", namespace: "default" }); return x.status?.phase === "Succeeded" && x; }, 5000, "ran on gpu-1");
    expect(bound.spec!.nodeName).toBe("gpu-1");
  });

  it("Linux images never run on Windows nodes: ErrImagePull / ImagePullBackOff, pod stays Pending", async () => {
    await batch.createNamespacedJob({ namespace: "default", body: kubeBenchJob("on-windows", "windows-worker-1") as any });
    const p = await podOf("on-windows", (x) => x.status?.containerStatuses?.[0]?.state?.waiting?.reason === "ImagePullBackOff", "ImagePullBackOff");
    expect(p.status!.phase).toBe("Pending");
    const waiting = p.status!.containerStatuses![0].state!.waiting!;
    expect(waiting.message).toBe('Back-off pulling image "docker.io/aquasec/kube-bench:v0.6.2"');
    const nodes = await core.listNode({ labelSelector: "kubernetes.io/os=windows" });
    expect(nodes.items.map((n) => n.status!.nodeInfo!.operatingSystem)).toEqual(["windows", "windows"]);
    const job = await batch.readNamespacedJob({ name: "on-windows", namespace: "default" });
    expect(job.status!.active).toBe(1);
    expect(job.status!.conditions ?? []).toEqual([]);
  });

  it("nodeSelector kubernetes.io/os=linux keeps a pod off Windows nodes", async () => {
    for (let i = 0; i < 6; i++) {
      await core.createNamespacedPod({ namespace: "default", body: { metadata: { name: `lin-${i}` }, spec: { restartPolicy: "Never", nodeSelector: { "kubernetes.io/os": "linux" }, containers: [{ name: "c", image: "busybox" }] } } as any });
    }
    const nodes = await waitFor(async () => {
      const ps = (await core.listNamespacedPod({ namespace: "default" })).items.filter((p) => p.metadata!.name!.startsWith("lin-"));
      return ps.every((p) => p.spec?.nodeName) && ps.map((p) => p.spec!.nodeName!);
    }, 5000, "bound");
    expect(nodes.every((n) => n === "worker-1" || n === "gpu-1")).toBe(true);
  });
});

describe("presets", () => {
  it("rke-ha:N has three controlplane+etcd nodes and N workers; large:N has 3 cp, 3 etcd, rest workers", () => {
    const ha = presetSpec("rke-ha:4");
    expect(ha.nodes.filter((n) => n.roles!.includes("controlplane") && n.roles!.includes("etcd"))).toHaveLength(3);
    expect(ha.nodes.filter((n) => n.roles!.includes("worker"))).toHaveLength(4);
    expect(presetSpec("rke-ha").nodes).toHaveLength(6);
    const large = presetSpec("large:20");
    expect(large.nodes).toHaveLength(20);
    expect(large.nodes.filter((n) => n.roles![0] === "controlplane")).toHaveLength(3);
    expect(large.nodes.filter((n) => n.roles![0] === "etcd")).toHaveLength(3);
    expect(() => presetSpec("nope")).toThrow(/unknown preset/);
  });

  it("provider markers: kubeadm, rke2, eks, gke, aks", async () => {
    const check = async (preset: string, fn: (nodes: any[], version: string) => void) => {
      const s = await startSimulator({ preset });
      try {
        const version = (await (await fetch(`${s.url}/version`)).json()).gitVersion;
        fn(s.objects("nodes"), version);
      } finally { await s.stop(); }
    };
    await check("kubeadm-3", (nodes) => {
      expect(nodes.find((n) => n.metadata.name === "server-1").metadata.labels["node-role.kubernetes.io/control-plane"]).toBe("");
      expect(nodes.find((n) => n.metadata.name === "agent-1").spec.taints).toBeUndefined();
      expect(nodes.find((n) => n.metadata.name === "server-1").spec.taints).toEqual([{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }]);
    });
    await check("rke2-3", (nodes, v) => { expect(v).toMatch(/\+rke2r1$/); expect(nodes[0].status.nodeInfo.kubeletVersion).toMatch(/\+rke2r1$/); });
    await check("eks-3", (nodes, v) => { expect(v).toMatch(/-eks-/); expect(nodes[0].metadata.labels["eks.amazonaws.com/nodegroup"]).toBeTruthy(); });
    await check("gke-3", (nodes, v) => { expect(v).toMatch(/-gke\./); expect(nodes[0].metadata.labels["cloud.google.com/gke-nodepool"]).toBe("default-pool"); });
    await check("aks-3", (nodes) => { expect(nodes[0].metadata.labels["kubernetes.azure.com/cluster"]).toBeTruthy(); });
  });

  it("a spec with hardened nodes, pass/fail checks and per-node output shape reaches kube-bench", async () => {
    const s = await startSimulator({ spec: { name: "custom", seed: 7, nodes: [{ name: "w", roles: ["worker"], outputShape: "lines", hardened: true }] }, podDurationMs: 20 });
    try {
      const b = kubeConfig(s).makeApiClient(BatchV1Api);
      const c = kubeConfig(s).makeApiClient(CoreV1Api);
      await b.createNamespacedJob({ namespace: "default", body: kubeBenchJob("kb", "w", { command: ["kube-bench", "run", "--targets", "node", "--json"] }) as any });
      const pod = await waitFor(async () => (await c.listNamespacedPod({ namespace: "default", labelSelector: "job-name=kb" })).items.find((p) => p.status?.phase === "Succeeded"), 5000, "done");
      const log = await c.readNamespacedPodLog({ name: pod.metadata!.name!, namespace: "default" });
      const first = JSON.parse(log.trim().split("\n")[0]); // "lines": one Controls object per line
      expect(first.node_type).toBe("node");
      expect(first.Controls).toBeUndefined();
    } finally { await s.stop(); }
  });
});
