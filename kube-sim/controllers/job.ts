// The Job controller (batch/v1): creates pods from the template, counts succeeded/failed pods, retries with
// exponential back-off up to backoffLimit, enforces activeDeadlineSeconds, sets Complete/Failed conditions with
// the real reasons, and the TTL-after-finished controller.
import type { Cluster } from "../cluster";
import { R } from "../cluster";
import type { KObject } from "../types";
import { nowIso } from "../util";

interface JobState {
  counted: Set<string>; // pod uids already counted
  succeeded: number;
  failed: number;
  timers: Map<string, NodeJS.Timeout>;
  lastFailure?: number;
}

const isFinished = (j: KObject) => (j.status?.conditions || []).some((c: any) => (c.type === "Complete" || c.type === "Failed") && c.status === "True");
const terminal = (p: KObject) => p.status?.phase === "Succeeded" || p.status?.phase === "Failed";

export class JobController {
  private state = new Map<string, JobState>(); // by job uid
  private queue = new Set<string>();
  private pending = false;

  constructor(private c: Cluster) {
    c.store.onChange((def, ev) => {
      if (def.plural === "jobs") {
        const key = `${ev.obj.metadata.namespace}/${ev.obj.metadata.name}`;
        if (ev.type === "DELETED") { this.drop(ev.obj.metadata.uid!); return; }
        this.enqueue(key);
      } else if (def.plural === "pods") {
        const ref = (ev.obj.metadata.ownerReferences || []).find((r) => r.controller && r.kind === "Job");
        if (!ref) return;
        if (ev.type === "DELETED") {
          // with job tracking, a pod that disappears uncounted counts now (as failed unless it succeeded)
          const s = this.state.get(ref.uid);
          const p = ev.obj;
          if (s && !s.counted.has(p.metadata.uid!)) {
            const job = this.c.store.get(R.jobs, p.metadata.namespace, ref.name);
            if (job && !isFinished(job) && !job.metadata.deletionTimestamp) {
              s.counted.add(p.metadata.uid!);
              if (p.status?.phase === "Succeeded") s.succeeded++; else { s.failed++; s.lastFailure = Date.now(); }
            }
          }
        }
        this.enqueue(`${ev.obj.metadata.namespace}/${ref.name}`);
      }
    });
  }

  shutdown() { for (const uid of [...this.state.keys()]) this.drop(uid); }

  private drop(uid: string) {
    const s = this.state.get(uid);
    if (s) for (const t of s.timers.values()) clearTimeout(t);
    this.state.delete(uid);
  }

  private enqueue(key: string) {
    this.queue.add(key);
    if (!this.pending) { this.pending = true; setImmediate(() => this.drain()); }
  }
  private drain() {
    this.pending = false;
    const keys = [...this.queue];
    this.queue.clear();
    for (const k of keys) {
      const [ns, name] = k.split("/");
      try { this.sync(ns, name); } catch (e) { console.error(`kube-sim job controller: ${k}: ${(e as Error).message}`); }
    }
  }

  private timer(s: JobState, name: string, ms: number, key: string) {
    if (s.timers.has(name)) return;
    s.timers.set(name, setTimeout(() => { s.timers.delete(name); this.enqueue(key); }, Math.max(0, ms)));
  }

  private sync(ns: string, name: string) {
    const job = this.c.store.get(R.jobs, ns, name);
    if (!job) return;
    const uid = job.metadata.uid!;
    const key = `${ns}/${name}`;
    let s = this.state.get(uid);
    if (!s) this.state.set(uid, (s = { counted: new Set(), succeeded: job.status?.succeeded ?? 0, failed: job.status?.failed ?? 0, timers: new Map() }));
    if (job.metadata.deletionTimestamp) return;

    const spec = job.spec;
    const pods = this.c.store.dependents(uid).filter(([d, p]) => d.plural === "pods" && p.metadata.ownerReferences?.some((r) => r.uid === uid && r.controller)).map(([, p]) => p);

    if (isFinished(job)) {
      const ttl = spec.ttlSecondsAfterFinished;
      if (ttl !== undefined && ttl !== null) {
        const finishedAt = Date.parse((job.status.conditions || []).find((c: any) => c.type === "Complete" || c.type === "Failed")?.lastTransitionTime ?? job.status.completionTime);
        const due = finishedAt + ttl * 1000 - Date.now();
        if (due <= 0) {
          // the TTL-after-finished controller deletes with foreground propagation
          try { this.c.delete(R.jobs, ns, name, { propagationPolicy: "Foreground", preconditions: { uid } }); } catch { /* gone */ }
        } else this.timer(s, "ttl", due, key);
      }
      return;
    }

    // count finished pods once (pod.status of pods being deleted counts too)
    let restarts = 0;
    for (const p of pods) {
      restarts += (p.status?.containerStatuses || []).reduce((n: number, cs: any) => n + (cs.restartCount || 0), 0);
      if (!terminal(p) || s.counted.has(p.metadata.uid!)) continue;
      s.counted.add(p.metadata.uid!);
      if (p.status.phase === "Succeeded") s.succeeded++; else { s.failed++; s.lastFailure = Date.now(); }
    }
    const active = pods.filter((p) => !terminal(p) && !p.metadata.deletionTimestamp);
    const terminating = pods.filter((p) => !terminal(p) && p.metadata.deletionTimestamp).length;
    const ready = active.filter((p) => (p.status?.conditions || []).some((c: any) => c.type === "Ready" && c.status === "True")).length;
    const now = nowIso();
    const startTime = job.status?.startTime ?? (spec.suspend ? undefined : now);

    let finish: { type: "Complete" | "Failed"; reason: string; message: string } | undefined;
    const completions = spec.completions ?? 1;
    if (s.succeeded >= completions) finish = { type: "Complete", reason: "CompletionsReached", message: "Reached expected number of succeeded pods" };
    else if (s.failed + restarts > (spec.backoffLimit ?? 6)) finish = { type: "Failed", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" };
    else if (spec.activeDeadlineSeconds && startTime) {
      const left = Date.parse(startTime) + spec.activeDeadlineSeconds * 1000 - Date.now();
      if (left <= 0) finish = { type: "Failed", reason: "DeadlineExceeded", message: "Job was active longer than specified deadline" };
      else this.timer(s, "deadline", left + 5, key);
    }

    let toCreate = 0;
    if (finish) {
      // kill what still runs
      for (const p of active) { try { this.c.delete(R.pods, ns, p.metadata.name, {}); } catch { /* gone */ } }
      if (finish.type === "Failed") this.c.recordEvent(job, "Warning", finish.reason, finish.message, "job-controller");
      else this.c.recordEvent(job, "Normal", "Completed", "Job completed", "job-controller");
    } else if (!spec.suspend) {
      const want = Math.min(spec.parallelism ?? 1, completions - s.succeeded) - active.length - (spec.podReplacementPolicy === "Failed" ? terminating : 0);
      if (want > 0) {
        if (s.failed > 0 && s.lastFailure !== undefined) {
          const delay = this.c.timing.jobBackoffBaseMs * 2 ** Math.min(s.failed - 1, 6);
          const left = s.lastFailure + delay - Date.now();
          if (left > 0) this.timer(s, "backoff", left, key); else toCreate = want;
        } else toCreate = want;
      }
    }

    const status: Record<string, any> = { ...(job.status || {}) };
    if (startTime) status.startTime = startTime;
    status.active = finish ? undefined : active.length + toCreate || undefined;
    status.ready = finish ? 0 : ready;
    status.terminating = finish ? active.length + terminating : terminating;
    status.succeeded = s.succeeded || undefined;
    status.failed = s.failed || undefined;
    status.uncountedTerminatedPods = {};
    if (finish) {
      const cond = (type: string) => ({ type, status: "True", lastProbeTime: now, lastTransitionTime: now, reason: finish!.reason, message: finish!.message });
      status.conditions = [...(status.conditions || []), cond(finish.type === "Complete" ? "SuccessCriteriaMet" : "FailureTarget"), cond(finish.type)];
      if (finish.type === "Complete") status.completionTime = now;
    }
    for (const k of Object.keys(status)) if (status[k] === undefined) delete status[k];
    if (JSON.stringify(status) !== JSON.stringify(job.status)) {
      this.c.store.mutate(R.jobs, ns, name, (o) => { o.status = status; });
    }
    for (let i = 0; i < toCreate; i++) this.createPod(job);
    if (finish) this.enqueue(key); // TTL
  }

  private createPod(job: KObject) {
    const tpl = job.spec.template || {};
    const md = tpl.metadata || {};
    const pod: KObject = {
      apiVersion: "v1", kind: "Pod",
      metadata: {
        name: "",
        generateName: `${job.metadata.name}-`,
        namespace: job.metadata.namespace,
        labels: { ...(md.labels || {}) },
        annotations: { ...(md.annotations || {}), "batch.kubernetes.io/job-tracking": "" },
        ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: job.metadata.name, uid: job.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      spec: structuredClone(tpl.spec),
    };
    delete (pod.metadata as any).name;
    try {
      const created = this.c.create(R.pods, job.metadata.namespace, pod);
      this.c.recordEvent(job, "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name}`, "job-controller");
    } catch (e) {
      this.c.recordEvent(job, "Warning", "FailedCreate", `Error creating: ${(e as Error).message}`, "job-controller");
    }
  }
}
