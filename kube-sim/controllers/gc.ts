// Garbage collection: dependents of deleted owners (Background / Foreground propagation), namespace
// termination, and pod GC of pods bound to nodes that no longer exist.
import type { Cluster } from "../cluster";
import { R } from "../cluster";
import type { ResourceDef } from "../resources";
import { RESOURCES } from "../resources";
import type { KObject } from "../types";
import { nowIso } from "../util";

export class GarbageCollector {
  private foregroundOwners = new Map<string, { def: ResourceDef; ns?: string; name: string }>();
  private orphanTimers = new Map<string, NodeJS.Timeout>();

  constructor(private c: Cluster) {
    c.store.onChange((def, ev) => {
      if (ev.type === "DELETED") {
        if (this.foregroundOwners.size) for (const ref of ev.obj.metadata.ownerReferences || []) if (this.foregroundOwners.has(ref.uid)) setImmediate(() => this.checkForeground(ref.uid));
        if (def.plural === "nodes") setImmediate(() => this.nodeGone(ev.obj.metadata.name));
        if (def.plural === "namespaces") this.onNamespaceGone(ev.obj.metadata.name);
      }
      if (def.plural === "namespaces" && ev.type === "ADDED") setImmediate(() => this.populateNamespace(ev.obj.metadata.name));
      if (def.plural === "pods" && ev.type === "ADDED" && ev.obj.spec?.nodeName && !c.store.get(R.nodes, undefined, ev.obj.spec.nodeName)) this.scheduleOrphan(ev.obj);
      if (def.plural === "pods" && ev.type === "DELETED") {
        const k = `${ev.obj.metadata.namespace}/${ev.obj.metadata.name}`;
        clearTimeout(this.orphanTimers.get(k)); this.orphanTimers.delete(k);
      }
    });
  }

  shutdown() { for (const t of this.orphanTimers.values()) clearTimeout(t); this.orphanTimers.clear(); }

  /** Background propagation: delete what the owner owned. */
  collectDependents(ownerUid: string) {
    setImmediate(() => {
      for (const [def, dep] of this.c.store.dependents(ownerUid)) {
        if (dep.metadata.deletionTimestamp && def.plural !== "pods") continue;
        try { this.c.delete(def, dep.metadata.namespace, dep.metadata.name, { propagationPolicy: "Background" }); } catch { /* gone already */ }
      }
    });
  }

  foreground(def: ResourceDef, owner: KObject) {
    this.foregroundOwners.set(owner.metadata.uid!, { def, ns: owner.metadata.namespace, name: owner.metadata.name });
    this.collectDependents(owner.metadata.uid!);
    setImmediate(() => this.checkForeground(owner.metadata.uid!));
  }

  private checkForeground(ownerUid: string) {
    const ref = this.foregroundOwners.get(ownerUid);
    if (!ref) return;
    if (this.c.store.dependents(ownerUid).length > 0) return;
    this.foregroundOwners.delete(ownerUid);
    const cur = this.c.store.get(ref.def, ref.ns, ref.name);
    if (!cur || cur.metadata.uid !== ownerUid) return;
    const saved = this.c.store.mutate(ref.def, ref.ns, ref.name, (o) => {
      o.metadata.finalizers = (o.metadata.finalizers || []).filter((f) => f !== "foregroundDeletion");
      if (!o.metadata.finalizers.length) delete o.metadata.finalizers;
    });
    if (saved && !(saved.metadata.finalizers || []).length) this.c.finalizeRemoval(ref.def, saved);
  }

  // ----- namespaces -----
  private populateNamespace(ns: string) {
    const nsObj = this.c.store.get(R.namespaces, undefined, ns);
    if (!nsObj || nsObj.status?.phase !== "Active") return;
    try { this.c.create(R.serviceaccounts, ns, { metadata: { name: "default" } }); } catch { /* exists */ }
    try { this.c.create(R.configmaps, ns, { metadata: { name: "kube-root-ca.crt", annotations: { "kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters." } }, data: { "ca.crt": this.c.caPem } }); } catch { /* exists */ }
  }

  terminateNamespace(ns: string) {
    const step = () => {
      let remaining = 0;
      for (const def of RESOURCES) {
        if (!def.namespaced) continue;
        for (const o of this.c.store.list(def, ns)) {
          remaining++;
          if (o.metadata.deletionTimestamp && def.plural !== "pods") {
            // the namespace controller removes content even if finalizers are pending
            this.c.store.remove(def, ns, o.metadata.name);
            continue;
          }
          try { this.c.delete(def, ns, o.metadata.name, { propagationPolicy: "Background" }); } catch { /* gone */ }
        }
      }
      if (remaining === 0) {
        this.c.store.remove(R.namespaces, undefined, ns);
      } else setTimeout(step, 20);
    };
    setImmediate(step);
  }
  private onNamespaceGone(_ns: string) { /* nothing cached per namespace */ }

  // ----- pod GC -----
  private nodeGone(node: string) {
    for (const p of this.c.store.list(R.pods)) if (p.spec?.nodeName === node) this.scheduleOrphan(p);
  }

  private scheduleOrphan(p: KObject) {
    const k = `${p.metadata.namespace}/${p.metadata.name}`;
    if (this.orphanTimers.has(k)) return;
    this.orphanTimers.set(k, setTimeout(() => {
      this.orphanTimers.delete(k);
      const cur = this.c.store.get(R.pods, p.metadata.namespace, p.metadata.name);
      if (!cur || cur.metadata.uid !== p.metadata.uid || this.c.store.get(R.nodes, undefined, cur.spec.nodeName)) return;
      this.c.kubelet.forget(cur);
      // PodGC: mark the pod Failed with a DisruptionTarget condition, then force-delete it
      if (cur.status?.phase !== "Succeeded" && cur.status?.phase !== "Failed") {
        const t = nowIso();
        this.c.store.mutate(R.pods, cur.metadata.namespace, cur.metadata.name, (o) => {
          o.status.phase = "Failed";
          o.status.conditions = [...(o.status.conditions || []).filter((x: any) => x.type !== "DisruptionTarget"),
            { type: "DisruptionTarget", status: "True", lastProbeTime: null, lastTransitionTime: t, reason: "DeletionByPodGC", message: "PodGC: node no longer exists" }];
          for (const cs of o.status.containerStatuses || []) {
            if (cs.state?.running || cs.state?.waiting) {
              cs.state = { terminated: { exitCode: 137, reason: "ContainerStatusUnknown", message: "The container could not be located when the pod was terminated", startedAt: cs.state.running?.startedAt ?? null, finishedAt: null } };
              cs.ready = false; cs.started = false;
            }
          }
        });
      }
      try { this.c.delete(R.pods, cur.metadata.namespace, cur.metadata.name, { gracePeriodSeconds: 0 }); } catch { /* gone */ }
    }, this.c.timing.podGcDelayMs));
  }
}
