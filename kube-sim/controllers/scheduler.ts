// The scheduler: binds pending pods to nodes the way kube-scheduler's default filters would
// (NodeUnschedulable, TaintToleration, NodeAffinity/nodeSelector; matchFields metadata.name narrows the
// candidates in PreFilter), or records PodScheduled=False/Unschedulable with the real message format.
import type { Cluster } from "../cluster";
import { R } from "../cluster";
import { matchLabels, fromLabelSelectorObject } from "../selectors";
import type { KObject } from "../types";
import { nowIso, rng } from "../util";

interface Toleration { key?: string; operator?: string; value?: string; effect?: string }
interface Taint { key: string; value?: string; effect: string }

export function tolerates(tols: Toleration[] | undefined, taint: Taint): boolean {
  return (tols || []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (!t.key) return t.operator === "Exists";
    if (t.key !== taint.key) return false;
    if (t.operator === "Exists") return true;
    return (t.value ?? "") === (taint.value ?? "");
  });
}

function nodeSelectorTermMatches(term: any, node: KObject): boolean {
  const labels = node.metadata.labels || {};
  for (const e of term.matchExpressions || []) if (!exprMatches(e, labels[e.key], e.key in labels)) return false;
  for (const e of term.matchFields || []) {
    const v = e.key === "metadata.name" ? node.metadata.name : undefined;
    if (!exprMatches(e, v, v !== undefined)) return false;
  }
  return (term.matchExpressions?.length || term.matchFields?.length) ? true : false;
}
function exprMatches(e: { operator: string; values?: string[] }, v: string | undefined, has: boolean): boolean {
  switch (e.operator) {
    case "In": return has && (e.values || []).includes(v!);
    case "NotIn": return !has || !(e.values || []).includes(v!);
    case "Exists": return has;
    case "DoesNotExist": return !has;
    case "Gt": return has && Number(v) > Number(e.values?.[0]);
    case "Lt": return has && Number(v) < Number(e.values?.[0]);
    default: return false;
  }
}

export function affinityMatches(pod: KObject, node: KObject): boolean {
  const sel = pod.spec?.nodeSelector;
  if (sel && !matchLabels(fromLabelSelectorObject({ matchLabels: sel }), node.metadata.labels)) return false;
  const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (req?.nodeSelectorTerms?.length) return req.nodeSelectorTerms.some((t: any) => nodeSelectorTermMatches(t, node));
  return true;
}

/** Node names a required node affinity pins the pod to through matchFields metadata.name In [...] (PreFilter result). */
function pinnedNames(pod: KObject): Set<string> | undefined {
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms?.length) return undefined;
  const names = new Set<string>();
  for (const t of terms) {
    const f = (t.matchFields || []).find((e: any) => e.key === "metadata.name" && e.operator === "In");
    if (!f) return undefined;
    for (const v of f.values || []) names.add(v);
  }
  return names;
}

/** First failing filter for a node, as the scheduler reports it; undefined when the node fits. */
export function filterNode(pod: KObject, node: KObject): string | undefined {
  const tols: Toleration[] = pod.spec?.tolerations || [];
  if (node.spec?.unschedulable && !tolerates(tols, { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" })) return "node(s) were unschedulable";
  for (const t of (node.spec?.taints || []) as Taint[]) {
    if (t.effect !== "NoSchedule" && t.effect !== "NoExecute") continue;
    if (!tolerates(tols, t)) return `node(s) had untolerated taint {${t.key}: ${t.value ?? ""}}`;
  }
  if (!affinityMatches(pod, node)) return "node(s) didn't match Pod's node affinity/selector";
  return undefined;
}

export class Scheduler {
  private queue = new Set<string>();
  private unschedulable = new Set<string>();
  private scheduled = false;
  private random: () => number;

  constructor(private c: Cluster) {
    this.random = rng(`scheduler:${c.seed}`);
    c.store.onChange((def, ev) => {
      if (def.plural === "pods") {
        const p = ev.obj;
        const key = `${p.metadata.namespace}/${p.metadata.name}`;
        if (ev.type === "DELETED") { this.unschedulable.delete(key); this.queue.delete(key); return; }
        if (this.wants(p)) this.enqueue(key);
      } else if (def.plural === "nodes") {
        // node changes can make unschedulable pods schedulable
        if (ev.type === "ADDED" || ev.type === "MODIFIED") for (const k of this.unschedulable) this.enqueue(k);
      }
    });
    c.faults.onChange(() => { for (const k of this.unschedulable) this.enqueue(k); });
  }

  private wants(p: KObject) {
    return !p.spec?.nodeName && !p.metadata.deletionTimestamp && p.status?.phase === "Pending" && (p.spec?.schedulerName ?? "default-scheduler") === "default-scheduler";
  }
  private enqueue(key: string) {
    this.queue.add(key);
    if (!this.scheduled) { this.scheduled = true; setImmediate(() => this.run()); }
  }

  private run() {
    this.scheduled = false;
    const keys = [...this.queue];
    this.queue.clear();
    let nodes: KObject[] | undefined;
    for (const key of keys) {
      const [ns, name] = key.split("/");
      const pod = this.c.store.get(R.pods, ns, name);
      if (!pod || !this.wants(pod)) { this.unschedulable.delete(key); continue; }
      const pinned = pinnedNames(pod);
      const total = this.c.store.count(R.nodes);
      const reasons = new Map<string, number>();
      const feasible: KObject[] = [];
      let candidates: KObject[];
      if (pinned) {
        candidates = [...pinned].map((n) => this.c.store.get(R.nodes, undefined, n)).filter((n): n is KObject => !!n);
        if (total - candidates.length > 0) reasons.set("node(s) didn't match Pod's node affinity/selector", total - candidates.length);
      } else candidates = nodes ??= this.c.store.list(R.nodes);
      for (const n of candidates) {
        const r = filterNode(pod, n);
        if (r) reasons.set(r, (reasons.get(r) ?? 0) + 1); else feasible.push(n);
      }
      if (feasible.length) {
        const node = feasible[Math.floor(this.random() * feasible.length)];
        this.unschedulable.delete(key);
        const t = nowIso();
        const bound = this.c.store.mutate(R.pods, ns, name, (o) => {
          o.spec.nodeName = node.metadata.name;
          o.status.conditions = [...(o.status.conditions || []).filter((x: any) => x.type !== "PodScheduled"),
            { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: t }];
        });
        if (bound) this.c.recordEvent(bound, "Normal", "Scheduled", `Successfully assigned ${ns}/${name} to ${node.metadata.name}`, "default-scheduler");
      } else {
        this.unschedulable.add(key);
        const parts = [...reasons].map(([r, n]) => `${n} ${r}`).sort();
        const msg = `0/${total} nodes are available: ${parts.join(", ")}${parts.length ? "." : ""} preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
        const prev = (pod.status.conditions || []).find((x: any) => x.type === "PodScheduled");
        if (prev?.message === msg) continue;
        const t = nowIso();
        const updated = this.c.store.mutate(R.pods, ns, name, (o) => {
          o.status.conditions = [...(o.status.conditions || []).filter((x: any) => x.type !== "PodScheduled"),
            { type: "PodScheduled", status: "False", lastProbeTime: null, lastTransitionTime: prev?.lastTransitionTime ?? t, reason: "Unschedulable", message: msg }];
        });
        if (updated) this.c.recordEvent(updated, "Warning", "FailedScheduling", msg, "default-scheduler");
      }
    }
  }
}
