// Scale check of the Kubernetes API simulator: `large:5000` in one process, 5000 kube-bench Jobs (one pinned
// per node) created through @kubernetes/client-node with bounded concurrency, watched to completion, plus a
// paged node list and a sample of logs. Prints time and peak RSS / heap.
//
//   npx tsx bench/kube-sim-scale.ts [--nodes 5000] [--concurrency 32] [--duration-ms 300] [--logs 50] [--in-process]
//
// By default the simulator runs in its own process (the CLI), so its peak RSS (VmHWM) is measured apart from
// the client's; --in-process runs both in this process.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { BatchV1Api, CoreV1Api, KubeConfig, Watch } from "@kubernetes/client-node";
import { startSimulator } from "../kube-sim";

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const NODES = arg("nodes", 5000);
const CONCURRENCY = arg("concurrency", 32);
const DURATION = arg("duration-ms", 300);
const LOGS = arg("logs", 50);

let peakRss = 0, peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
const sampler = setInterval(sample, 100);
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const t0 = Date.now();
const lap = (what: string) => console.log(`${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s  ${what}  (rss ${mb(process.memoryUsage().rss)})`);

const IN_PROCESS = process.argv.includes("--in-process");
const vmHWM = (pid: number) => { try { return Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmHWM:\s+(\d+) kB/)?.[1] ?? 0) * 1024; } catch { return 0; } };

async function startChild(): Promise<{ kubeconfig: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", "kube-sim/cli.ts", "--preset", `large:${NODES}`, "--port", "0", "--seed", "scale", "--pod-duration-ms", String(DURATION)], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", (d) => { if (String(d).includes("listening on")) resolve(); });
    child.on("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return { kubeconfig: out, child };
}

async function main() {
  let kubeconfig: string, stop: () => Promise<void>, simPid = process.pid;
  let objectsOf: () => Promise<number>;
  if (IN_PROCESS) {
    const sim = await startSimulator({ preset: `large:${NODES}`, podDurationMs: DURATION, seed: "scale" });
    kubeconfig = sim.kubeconfig();
    stop = () => sim.stop();
    objectsOf = async () => sim.objects("pods", "security-scan").length;
  } else {
    const { kubeconfig: k, child } = await startChild();
    kubeconfig = k;
    simPid = child.pid!;
    stop = async () => { child.kill("SIGTERM"); await new Promise((r) => child.once("exit", r)); };
    objectsOf = async () => -1;
  }
  lap(`simulator up with ${NODES} nodes (${IN_PROCESS ? "in process" : `pid ${simPid}`})`);
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const batch = kc.makeApiClient(BatchV1Api);

  // paged node list, as the product's inventory does
  let cont: string | undefined, pages = 0;
  const nodes: string[] = [];
  do {
    const page = await core.listNode({ limit: 500, _continue: cont });
    nodes.push(...page.items.map((n) => n.metadata!.name!));
    cont = page.metadata?._continue;
    pages++;
  } while (cont);
  lap(`listed ${nodes.length} nodes in ${pages} pages`);

  await core.createNamespace({ body: { metadata: { name: "security-scan" } } });
  const rv = (await batch.listNamespacedJob({ namespace: "security-scan" })).metadata!.resourceVersion;

  // watch jobs to completion
  const done = new Set<string>();
  let failed = 0, events = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  const startWatch = async (fromRv: string | undefined) => {
    await new Watch(kc).watch("/apis/batch/v1/namespaces/security-scan/jobs", { resourceVersion: fromRv, allowWatchBookmarks: true }, (type, obj: any) => {
      events++;
      if (type === "BOOKMARK") { lastRv = obj.metadata.resourceVersion; return; }
      lastRv = obj.metadata.resourceVersion;
      const c = (obj.status?.conditions || []).find((x: any) => (x.type === "Complete" || x.type === "Failed") && x.status === "True");
      if (c && !done.has(obj.metadata.name)) {
        done.add(obj.metadata.name);
        if (c.type === "Failed") failed++;
        if (done.size === nodes.length) resolveAll();
      }
    }, (err) => { if (done.size < nodes.length) { if (err) console.error("watch ended:", String(err)); void startWatch(lastRv); } });
  };
  let lastRv = rv;
  await startWatch(rv);

  const roleTargets = (n: string) => (n.startsWith("controlplane") ? "master,node" : n.startsWith("etcd") ? "etcd,node" : "node");
  let next = 0;
  const worker = async () => {
    while (next < nodes.length) {
      const node = nodes[next++];
      const body = {
        metadata: { name: `kube-bench-${node}`, labels: { app: "kube-bench" } },
        spec: {
          backoffLimit: 0,
          template: {
            metadata: { labels: { app: "kube-bench" } },
            spec: {
              restartPolicy: "Never", hostPID: true, nodeName: node, tolerations: [{ operator: "Exists" }],
              containers: [{
                name: "kube-bench", image: "rancher/security-scan:v0.2.2",
                command: ["kube-bench", "run", "--targets", roleTargets(node), "--benchmark", "rke-cis-1.4", "--json"],
                volumeMounts: [{ name: "etc-kubernetes", mountPath: "/etc/kubernetes", readOnly: true }, { name: "var-lib-kubelet", mountPath: "/var/lib/kubelet", readOnly: true }],
              }],
              volumes: [{ name: "etc-kubernetes", hostPath: { path: "/etc/kubernetes" } }, { name: "var-lib-kubelet", hostPath: { path: "/var/lib/kubelet" } }],
            },
          },
        },
      };
      await batch.createNamespacedJob({ namespace: "security-scan", body: body as any });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  lap(`created ${nodes.length} jobs (concurrency ${CONCURRENCY})`);
  await all;
  lap(`all ${done.size} jobs finished (${failed} failed), ${events} watch events`);

  // logs of a sample, read through the API (generated lazily)
  const pods = await core.listNamespacedPod({ namespace: "security-scan", limit: LOGS });
  let bytes = 0;
  for (const p of pods.items) bytes += (await core.readNamespacedPodLog({ name: p.metadata!.name!, namespace: "security-scan" })).length;
  lap(`read ${pods.items.length} logs, ${mb(bytes)} total`);

  const podCount = IN_PROCESS ? await objectsOf() : (await core.listNamespacedPod({ namespace: "security-scan" })).items.length;
  sample();
  clearInterval(sampler);
  const simPeak = vmHWM(simPid);
  await stop();
  console.log(JSON.stringify({
    nodes: NODES, jobs: nodes.length, pods: podCount, failed, seconds: (Date.now() - t0) / 1000,
    simulatorPeakRssMB: Math.round(simPeak / 1048576),
    ...(IN_PROCESS ? {} : { clientPeakRssMB: Math.round(peakRss / 1048576) }),
    ...(IN_PROCESS ? { peakRssMB: Math.round(peakRss / 1048576), peakHeapMB: Math.round(peakHeap / 1048576) } : {}),
  }));
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
