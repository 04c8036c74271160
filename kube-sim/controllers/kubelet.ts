// The kubelets: run pods bound to their node (Pending -> Running -> Succeeded/Failed), with realistic pod
// status, image pull failures, graceful termination, restarts, node faults, and container logs generated
// lazily (kube-bench output through the kube-bench module) when they are read.
import { createHash } from "node:crypto";
import type { Cluster } from "../cluster";
import { R } from "../cluster";
import { ApiError } from "../errors";
import { isKubeBenchImage, runKubeBench, type KubeBenchRunInput } from "../kube-bench/index";
import { configErrorOutput, malformJson, padOutput, truncateOutput } from "../output";
import type { KObject, NodeFaultType } from "../types";
import { nowIso, rng } from "../util";

interface ContainerRun {
  name: string;
  image: string;
  kubeBench?: KubeBenchRunInput;
  plain?: { stdout: string; exitCode: number };
  outputFault?: NodeFaultType;
  hugeBytes?: number;
  exitCode?: number;
  restartCount: number;
  startedAt?: string;
  finishedAt?: string;
  containerID: string;
}

interface PodRun {
  uid: string;
  ns: string;
  name: string;
  node: string;
  timers: NodeJS.Timeout[];
  state: "starting" | "waiting" | "running" | "done" | "stopping";
  containers: ContainerRun[];
  followers: Set<() => void>;
  podIP: string;
}

export interface LogOptions { container?: string; tailLines?: number; timestamps?: boolean; limitBytes?: number; previous?: boolean }

const LINUX_ONLY_MSG = (img: string) => `rpc error: code = NotFound desc = failed to pull and unpack image "${img}": no match for platform in manifest: not found`;
const PULL_FAIL_MSG = (img: string) => {
  const ref = normalizeImage(img);
  const [repo, tag] = splitRef(ref);
  return `rpc error: code = Unknown desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": failed to do request: Head "https://registry-1.docker.io/v2/${repo.replace(/^docker\.io\//, "")}/manifests/${tag}": dial tcp: lookup registry-1.docker.io: i/o timeout`;
};

export function normalizeImage(image: string): string {
  let ref = image;
  const first = ref.split("/")[0];
  if (!ref.includes("/") ) ref = `docker.io/library/${ref}`;
  else if (!first.includes(".") && !first.includes(":") && first !== "localhost") ref = `docker.io/${ref}`;
  const last = ref.slice(ref.lastIndexOf("/"));
  if (!last.includes(":") && !ref.includes("@")) ref += ":latest";
  return ref;
}
function splitRef(ref: string): [string, string] {
  const i = ref.lastIndexOf(":");
  return [ref.slice(0, i), ref.slice(i + 1)];
}
const isWindowsImage = (image: string) => /windows|nanoserver|servercore/i.test(image);
const hex = (s: string) => createHash("sha256").update(s).digest("hex");

/** Small LRU of generated outputs: 5000 kube-bench outputs of ~100 KB are not kept in memory. */
class OutputCache {
  private m = new Map<string, { stdout: string; stderr: string; exitCode: number }>();
  constructor(private max = 64) {}
  get(k: string, make: () => { stdout: string; stderr: string; exitCode: number }) {
    let v = this.m.get(k);
    if (v) { this.m.delete(k); this.m.set(k, v); return v; }
    v = make();
    this.m.set(k, v);
    if (this.m.size > this.max) this.m.delete(this.m.keys().next().value!);
    return v;
  }
}

export class Kubelet {
  private runs = new Map<string, PodRun>(); // by pod uid
  private outputs = new OutputCache();
  private random: () => number;
  private ipSeq = new Map<string, number>();

  constructor(private c: Cluster) {
    this.random = rng(`kubelet:${c.seed}`);
    c.store.onChange((def, ev) => {
      if (def.plural !== "pods") return;
      if (ev.type === "DELETED") { this.forget(ev.obj); return; }
      const p = ev.obj;
      if (p.spec?.nodeName && !this.runs.has(p.metadata.uid!) && p.status?.phase === "Pending" && !p.metadata.deletionTimestamp)
        setImmediate(() => this.admit(p.metadata.namespace!, p.metadata.name, p.metadata.uid!));
    });
    c.faults.onChange(() => setImmediate(() => this.resync()));
  }

  /** Faults changed: pods stuck on a not-ready node may start now. */
  private resync() {
    for (const p of this.c.store.list(R.pods)) {
      if (p.spec?.nodeName && !this.runs.has(p.metadata.uid!) && p.status?.phase === "Pending" && !p.metadata.deletionTimestamp)
        this.admit(p.metadata.namespace!, p.metadata.name, p.metadata.uid!);
    }
  }

  shutdown() { for (const r of this.runs.values()) { for (const t of r.timers) clearTimeout(t); for (const f of r.followers) f(); } this.runs.clear(); }

  forget(p: KObject) {
    const run = this.runs.get(p.metadata.uid!);
    if (!run) return;
    for (const t of run.timers) clearTimeout(t);
    this.runs.delete(p.metadata.uid!);
    for (const f of run.followers) f();
  }

  private nodeAlive(node: string) {
    return !!this.c.store.get(R.nodes, undefined, node) && !this.c.faults.has(node, "notReady");
  }

  private admit(ns: string, name: string, uid: string) {
    const pod = this.c.store.get(R.pods, ns, name);
    if (!pod || pod.metadata.uid !== uid || this.runs.has(uid) || pod.status?.phase !== "Pending" || pod.metadata.deletionTimestamp) return;
    const node = pod.spec.nodeName as string;
    if (!this.nodeAlive(node)) return; // no kubelet there: the pod stays Pending (pod GC handles missing nodes)
    const nodeObj = this.c.store.get(R.nodes, undefined, node)!;
    const nodeSpec = this.c.nodeSpec(node);
    const windows = nodeObj.metadata.labels?.["kubernetes.io/os"] === "windows";
    const seq = (this.ipSeq.get(node) ?? 1) + 1;
    this.ipSeq.set(node, seq);
    const nodeIndex = (nodeObj.spec?.podCIDR as string | undefined)?.split(".")[2] ?? "0";
    const run: PodRun = {
      uid, ns, name, node, timers: [], state: "starting", followers: new Set(),
      podIP: pod.spec.hostNetwork ? hostIP(nodeObj) : `10.42.${nodeIndex}.${(seq % 250) + 2}`,
      containers: (pod.spec.containers as any[]).map((ct) => this.prepareContainer(pod, ct, node, nodeSpec?.roles ?? ["worker"], nodeSpec?.hardened ?? false)),
    };
    this.runs.set(uid, run);
    const later = (ms: number, fn: () => void) => run.timers.push(setTimeout(fn, ms));
    const firstImage = run.containers[0]?.image ?? "";
    const pullFails = this.c.faults.has(node, "imagePull");
    const osMismatch = run.containers.find((ct) => windows !== isWindowsImage(ct.image));
    this.c.recordEvent(pod, "Normal", "Pulling", `Pulling image "${firstImage}"`, "kubelet", node);
    later(this.c.timing.startDelayMs, () => {
      if (pullFails || osMismatch) {
        const img = (osMismatch ?? run.containers[0]).image;
        const msg = pullFails ? PULL_FAIL_MSG(img) : LINUX_ONLY_MSG(normalizeImage(img));
        run.state = "waiting";
        this.setWaiting(run, "ErrImagePull", msg);
        this.c.recordEvent(pod, "Warning", "Failed", `Failed to pull image "${img}": ${msg}`, "kubelet", node);
        later(this.c.timing.imagePullBackOffMs, () => {
          this.setWaiting(run, "ImagePullBackOff", `Back-off pulling image "${img}"`);
          this.c.recordEvent(pod, "Normal", "BackOff", `Back-off pulling image "${img}"`, "kubelet", node);
        });
        return;
      }
      this.start(run);
    });
  }

  private prepareContainer(pod: KObject, ct: any, node: string, roles: string[], hardened: boolean): ContainerRun {
    const cmd = [...(ct.command || []), ...(ct.args || [])].map(String);
    const run: ContainerRun = { name: ct.name, image: String(ct.image), restartCount: 0, containerID: "" };
    const faults: NodeFaultType[] = ["exitError", "malformedJson", "truncatedJson", "hugeOutput"];
    if (isKubeBenchImage(run.image)) {
      const volumes = new Map<string, any>((pod.spec.volumes || []).map((v: any) => [v.name, v]));
      const mounts = (ct.volumeMounts || [])
        .map((m: any) => ({ v: volumes.get(m.name), m }))
        .filter((x: any) => x.v?.hostPath)
        .map((x: any) => ({ hostPath: String(x.v.hostPath.path), mountPath: String(x.m.mountPath) }));
      const ns = this.c.nodeSpec(node);
      run.kubeBench = {
        args: cmd.length ? cmd : ["kube-bench"],
        node: { name: node, roles, hardened, ...(ns?.failChecks ? { failChecks: ns.failChecks } : {}), ...(ns?.passChecks ? { passChecks: ns.passChecks } : {}) },
        hostPID: !!pod.spec.hostPID,
        mounts,
        seed: `${this.c.seed}:${node}`,
        shape: this.c.outputShape(node),
      };
      for (const f of faults) {
        const fs = this.c.faults.node(node, f);
        if (fs) { run.outputFault = f; run.hugeBytes = fs.bytes; break; }
      }
    } else {
      // Any other image: succeed with empty output, except simple `echo ...` / `exit N` in a shell command.
      const script = cmd.join(" ");
      const echoes = [...script.matchAll(/echo\s+(?:"([^"]*)"|'([^']*)'|([^;&|]+))/g)].map((m) => (m[1] ?? m[2] ?? m[3] ?? "").trim());
      const exit = script.match(/exit\s+(\d+)/);
      run.plain = { stdout: echoes.map((e) => e + "\n").join(""), exitCode: exit ? Number(exit[1]) : 0 };
      if (this.c.faults.has(node, "exitError")) run.plain.exitCode = 1;
    }
    return run;
  }

  /** The container's output (stdout then stderr) and exit code for its current run. */
  output(ct: ContainerRun): { text: string; exitCode: number } {
    if (ct.plain) return { text: ct.plain.stdout, exitCode: ct.plain.exitCode };
    const input = ct.kubeBench!;
    if (ct.outputFault === "exitError") {
      const b = input.args.indexOf("--benchmark");
      const r = configErrorOutput(b >= 0 ? input.args[b + 1] : undefined);
      return { text: r.stdout + r.stderr, exitCode: r.exitCode };
    }
    const key = JSON.stringify([input, ct.outputFault ?? "", ct.hugeBytes ?? 0]);
    const r = this.outputs.get(key, () => {
      const base = runKubeBench(input);
      let stdout = base.stdout;
      if (ct.outputFault === "malformedJson") stdout = malformJson(stdout);
      else if (ct.outputFault === "truncatedJson") stdout = truncateOutput(stdout);
      else if (ct.outputFault === "hugeOutput") stdout = padOutput(stdout, ct.hugeBytes);
      return { stdout, stderr: base.stderr, exitCode: base.exitCode };
    });
    return { text: r.stdout + r.stderr, exitCode: r.exitCode };
  }

  private start(run: PodRun) {
    const pod = this.c.store.get(R.pods, run.ns, run.name);
    if (!pod || pod.metadata.uid !== run.uid) return;
    const t = nowIso();
    run.state = "running";
    const runtime = this.c.store.get(R.nodes, undefined, run.node)?.status?.nodeInfo?.containerRuntimeVersion?.startsWith("docker") ? "docker" : "containerd";
    for (const ct of run.containers) {
      ct.startedAt = t; ct.finishedAt = undefined; ct.exitCode = undefined;
      ct.containerID = `${runtime}://${hex(`${run.uid}/${ct.name}/${ct.restartCount}`)}`;
    }
    const nodeObj = this.c.store.get(R.nodes, undefined, run.node);
    const updated = this.c.store.mutate(R.pods, run.ns, run.name, (o) => {
      o.status.phase = "Running";
      o.status.hostIP = nodeObj ? hostIP(nodeObj) : undefined;
      o.status.hostIPs = o.status.hostIP ? [{ ip: o.status.hostIP }] : undefined;
      o.status.podIP = run.podIP;
      o.status.podIPs = [{ ip: run.podIP }];
      o.status.startTime ??= t;
      o.status.conditions = conditions(o, { ready: true, started: true }, t);
      o.status.containerStatuses = run.containers.map((ct) => containerStatus(ct, { running: { startedAt: t } }, true, ct.restartCount > 0 ? prevTerminated(o, ct.name) : undefined));
    });
    if (!updated) return;
    for (const ct of run.containers) {
      this.c.recordEvent(updated, "Normal", "Pulled", `Container image "${ct.image}" already present on machine`, "kubelet", run.node);
      this.c.recordEvent(updated, "Normal", "Created", `Created container ${ct.name}`, "kubelet", run.node);
      this.c.recordEvent(updated, "Normal", "Started", `Started container ${ct.name}`, "kubelet", run.node);
    }
    const duration = this.c.podDuration(run.node, this.random);
    const del = this.c.faults.node(run.node, "deleteMidScan");
    if (del) {
      run.timers.push(setTimeout(() => {
        if (this.c.store.get(R.nodes, undefined, run.node)) this.c.deleteNode(run.node);
      }, del.afterMs ?? Math.max(1, Math.floor(duration / 2))));
    }
    if (this.c.faults.has(run.node, "slow")) return; // runs forever
    run.timers.push(setTimeout(() => this.finish(run), duration));
  }

  private finish(run: PodRun) {
    const pod = this.c.store.get(R.pods, run.ns, run.name);
    if (!pod || pod.metadata.uid !== run.uid || run.state !== "running") return;
    if (!this.nodeAlive(run.node)) return; // the node went away under the pod: pod GC decides
    const t = nowIso();
    for (const ct of run.containers) { ct.exitCode = this.output(ct).exitCode; ct.finishedAt = t; }
    const failed = run.containers.some((ct) => ct.exitCode !== 0);
    const policy = pod.spec.restartPolicy ?? "Always";
    if ((failed && policy === "OnFailure") || policy === "Always") {
      // restart in place (CrashLoopBackOff between runs)
      const prev = run.containers.map((ct) => ({ ...ct }));
      const backoff = this.c.timing.jobBackoffBaseMs * 2 ** Math.min(6, run.containers[0].restartCount);
      for (const ct of run.containers) ct.restartCount++;
      run.state = "waiting";
      this.c.store.mutate(R.pods, run.ns, run.name, (o) => {
        o.status.conditions = conditions(o, { ready: false, started: true, reason: "ContainersNotReady", names: run.containers.map((c) => c.name) }, t);
        o.status.containerStatuses = run.containers.map((ct, i) => ({
          ...containerStatus(ct, { waiting: { reason: "CrashLoopBackOff", message: `back-off ${Math.round(backoff / 1000)}s restarting failed container=${ct.name} pod=${run.name}_${run.ns}(${run.uid})` } }, false),
          lastState: { terminated: terminatedState(prev[i]) },
        }));
      });
      run.timers.push(setTimeout(() => this.start(run), backoff));
      for (const f of run.followers) f();
      return;
    }
    run.state = "done";
    this.c.store.mutate(R.pods, run.ns, run.name, (o) => {
      o.status.phase = failed ? "Failed" : "Succeeded";
      o.status.conditions = conditions(o, { ready: false, started: false, reason: "PodCompleted", terminal: true }, t);
      o.status.containerStatuses = run.containers.map((ct) => containerStatus(ct, { terminated: terminatedState(ct) }, false, ct.restartCount > 0 ? prevTerminated(o, ct.name) : undefined));
    });
    for (const f of run.followers) f();
  }

  /** Graceful deletion needs the kubelet when the pod is bound to a (known) node and not finished. */
  needsGracefulStop(pod: KObject): boolean {
    if (!pod.spec?.nodeName || !this.c.store.get(R.nodes, undefined, pod.spec.nodeName)) return false;
    return pod.status?.phase !== "Succeeded" && pod.status?.phase !== "Failed";
  }

  /** The pod got a deletionTimestamp: kill its containers, report the final status, then remove it. */
  stopPod(pod: KObject) {
    const run = this.runs.get(pod.metadata.uid!);
    if (this.c.faults.has(pod.spec.nodeName, "notReady")) return; // no kubelet: stays Terminating
    const timers = run?.timers || [];
    for (const t of timers) clearTimeout(t);
    if (run) { run.timers = []; run.state = "stopping"; }
    setTimeout(() => {
      const cur = this.c.store.get(R.pods, pod.metadata.namespace, pod.metadata.name);
      if (!cur || cur.metadata.uid !== pod.metadata.uid) return;
      if (run && cur.status?.phase === "Running") {
        const t = nowIso();
        for (const ct of run.containers) { ct.exitCode = 143; ct.finishedAt = t; }
        this.c.recordEvent(cur, "Normal", "Killing", `Stopping container ${run.containers[0]?.name}`, "kubelet", run.node);
        this.c.store.mutate(R.pods, cur.metadata.namespace, cur.metadata.name, (o) => {
          o.status.phase = o.spec.restartPolicy === "Always" ? "Succeeded" : "Failed";
          o.status.conditions = conditions(o, { ready: false, started: false, reason: "PodCompleted", terminal: true }, t);
          o.status.containerStatuses = run.containers.map((ct) => containerStatus(ct, { terminated: terminatedState(ct) }, false));
        });
      }
      if (run) for (const f of run.followers) f();
      this.c.finalizeRemoval(R.pods, this.c.store.get(R.pods, pod.metadata.namespace, pod.metadata.name)!);
    }, this.c.timing.podTerminationMs);
  }

  private setWaiting(run: PodRun, reason: string, message: string) {
    const t = nowIso();
    this.c.store.mutate(R.pods, run.ns, run.name, (o) => {
      if (o.metadata.uid !== run.uid) return false;
      const nodeObj = this.c.store.get(R.nodes, undefined, run.node);
      o.status.hostIP = nodeObj ? hostIP(nodeObj) : undefined;
      o.status.hostIPs = o.status.hostIP ? [{ ip: o.status.hostIP }] : undefined;
      o.status.podIP = run.podIP;
      o.status.podIPs = [{ ip: run.podIP }];
      o.status.startTime ??= t;
      o.status.conditions = conditions(o, { ready: false, started: false, reason: "ContainersNotReady", names: run.containers.map((c) => c.name), sandbox: true }, t);
      o.status.containerStatuses = run.containers.map((ct) => containerStatus(ct, { waiting: { reason, message } }, false));
    });
  }

  // ---------------- logs ----------------

  private pickContainer(pod: KObject, name?: string): string {
    const names: string[] = (pod.spec.containers || []).map((c: any) => c.name);
    if (!name) {
      if (names.length === 1) return names[0];
      const d = pod.metadata.annotations?.["kubectl.kubernetes.io/default-container"];
      if (d && names.includes(d)) return d;
      throw new ApiError(400, "BadRequest", `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(" ")}]`);
    }
    if (!names.includes(name)) throw new ApiError(400, "BadRequest", `container ${name} is not valid for pod ${pod.metadata.name}`);
    return name;
  }

  /** Current log text of a container (throws 400 like the kubelet when the container never started). */
  logs(pod: KObject, opts: LogOptions): { text: string; running: boolean; containerName: string } {
    const name = this.pickContainer(pod, opts.container);
    const cs = (pod.status?.containerStatuses || []).find((s: any) => s.name === name);
    const run = this.runs.get(pod.metadata.uid!);
    const ct = run?.containers.find((c) => c.name === name);
    if (opts.previous) {
      if (!cs?.lastState?.terminated || !ct) throw new ApiError(400, "BadRequest", `previous terminated container "${name}" in pod "${pod.metadata.name}" not found`);
      return { text: this.format(this.output(ct).text, cs.lastState.terminated.finishedAt, opts), running: false, containerName: name };
    }
    if (!cs || cs.state?.waiting) {
      const reason = cs?.state?.waiting?.reason ?? "ContainerCreating";
      if (reason === "ImagePullBackOff" || reason === "ErrImagePull")
        throw new ApiError(400, "BadRequest", `container "${name}" in pod "${pod.metadata.name}" is waiting to start: trying and failing to pull image`);
      if (reason !== "CrashLoopBackOff" || !ct)
        throw new ApiError(400, "BadRequest", `container "${name}" in pod "${pod.metadata.name}" is waiting to start: ${reason}`);
    }
    if (!ct) return { text: "", running: false, containerName: name };
    const running = !!cs?.state?.running;
    // kube-bench writes its report when it finishes: a running container has printed nothing yet
    const text = running ? "" : this.output(ct).text;
    return { text: this.format(text, ct.finishedAt ?? nowIso(), opts), running, containerName: name };
  }

  private format(text: string, at: string, opts: LogOptions): string {
    let lines = text === "" ? [] : text.endsWith("\n") ? text.slice(0, -1).split("\n") : text.split("\n");
    if (opts.tailLines !== undefined) lines = opts.tailLines <= 0 ? [] : lines.slice(-opts.tailLines);
    if (opts.timestamps) {
      const ts = new Date(at).toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");
      lines = lines.map((l) => `${ts} ${l}`);
    }
    let out = lines.length ? lines.join("\n") + (text.endsWith("\n") || opts.tailLines !== undefined || opts.timestamps ? "\n" : "") : "";
    if (opts.limitBytes !== undefined && out.length > opts.limitBytes) out = Buffer.from(out).subarray(0, opts.limitBytes).toString();
    return out;
  }

  /** Call `cb` when the container's state changes (finished / restarted / pod gone). */
  follow(pod: KObject, cb: () => void): () => void {
    const run = this.runs.get(pod.metadata.uid!);
    if (!run) { setImmediate(cb); return () => {}; }
    run.followers.add(cb);
    return () => run.followers.delete(cb);
  }
}

function hostIP(node: KObject): string {
  return (node.status?.addresses || []).find((a: any) => a.type === "InternalIP")?.address ?? "10.0.0.1";
}

function terminatedState(ct: ContainerRun) {
  return {
    exitCode: ct.exitCode ?? 0,
    reason: ct.exitCode === 0 ? "Completed" : "Error",
    startedAt: ct.startedAt ?? null,
    finishedAt: ct.finishedAt ?? null,
    containerID: ct.containerID,
  };
}

function prevTerminated(o: KObject, name: string) {
  const cs = (o.status.containerStatuses || []).find((s: any) => s.name === name);
  return cs?.lastState?.terminated ? { terminated: cs.lastState.terminated } : undefined;
}

function containerStatus(ct: ContainerRun, state: Record<string, unknown>, ready: boolean, lastState?: Record<string, unknown>) {
  const ref = normalizeImage(ct.image);
  const started = !!(state as any).running;
  return {
    name: ct.name,
    state,
    lastState: lastState ?? {},
    ready,
    restartCount: ct.restartCount,
    image: ref,
    imageID: (state as any).waiting ? "" : `${splitRef(ref)[0]}@sha256:${hex(ref)}`,
    ...(ct.containerID && !(state as any).waiting ? { containerID: ct.containerID } : {}),
    started,
  };
}

function conditions(o: KObject, s: { ready: boolean; started: boolean; reason?: string; names?: string[]; terminal?: boolean; sandbox?: boolean }, t: string) {
  const prev = new Map<string, any>((o.status.conditions || []).map((c: any) => [c.type, c]));
  const cond = (type: string, status: boolean, reason?: string, message?: string) => {
    const p = prev.get(type);
    const st = status ? "True" : "False";
    return {
      type, status: st, lastProbeTime: null,
      lastTransitionTime: p && p.status === st ? p.lastTransitionTime : t,
      ...(reason ? { reason } : {}), ...(message ? { message } : {}),
    };
  };
  const notReadyMsg = s.names ? `containers with unready status: [${s.names.join(" ")}]` : undefined;
  return [
    cond("PodReadyToStartContainers", !s.terminal),
    cond("Initialized", true, s.terminal ? "PodCompleted" : undefined),
    cond("Ready", s.ready, s.ready ? undefined : s.reason, s.reason === "ContainersNotReady" ? notReadyMsg : undefined),
    cond("ContainersReady", s.ready, s.ready ? undefined : s.reason, s.reason === "ContainersNotReady" ? notReadyMsg : undefined),
    cond("PodScheduled", true),
  ];
}
