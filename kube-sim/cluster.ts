// The simulated cluster: store + faults + spec, the object lifecycle the API server implements (create with
// defaults and validation, update with optimistic concurrency, patch, graceful/propagating delete), and the
// controllers wired to it.
import { ApiError, alreadyExists, badRequest, conflict, notFound } from "./errors";
import { Faults } from "./faults";
import { mergePatch, jsonPatch, strategicMergePatch } from "./patch";
import { buildNode, DEFAULT_VERSIONS } from "./presets";
import { apiVersionOf, lookupResource, RESOURCES, type ResourceDef } from "./resources";
import { Store } from "./store";
import type { ClusterSpec, ClusterTiming, FaultSpec, KObject, NodeSpec, OutputShape } from "./types";
import { applyCreateDefaults, validate } from "./validation";
import { nowIso, randomSuffix, uid } from "./util";
import { Scheduler } from "./controllers/scheduler";
import { Kubelet } from "./controllers/kubelet";
import { JobController } from "./controllers/job";
import { GarbageCollector } from "./controllers/gc";

export const R = Object.fromEntries(RESOURCES.map((d) => [d.plural, d])) as Record<string, ResourceDef>;

export interface DeleteOptions {
  propagationPolicy?: "Foreground" | "Background" | "Orphan";
  orphanDependents?: boolean;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export type Timing = Required<Omit<ClusterTiming, "podDurationMs">> & { podDurationMs: [number, number] };

export class Cluster {
  store: Store;
  faults: Faults;
  timing: Timing;
  seed: string;
  version: string;
  nodeSpecs = new Map<string, NodeSpec>();
  eventsEnabled: boolean;
  scheduler: Scheduler;
  kubelet: Kubelet;
  jobs: JobController;
  gc: GarbageCollector;
  caPem = "";
  private nodeIndex = 0;

  constructor(public spec: ClusterSpec) {
    this.seed = String(spec.seed ?? "kube-sim");
    this.version = spec.version ?? DEFAULT_VERSIONS[spec.provider ?? "rke"];
    this.store = new Store(spec.watchHistorySize ?? 5000);
    this.faults = new Faults(this.seed);
    const t = spec.timing || {};
    const pd = t.podDurationMs ?? spec.podDurationMs ?? [300, 800];
    this.timing = {
      podDurationMs: Array.isArray(pd) ? pd : [pd, pd],
      startDelayMs: t.startDelayMs ?? 30,
      jobBackoffBaseMs: t.jobBackoffBaseMs ?? 100,
      podGcDelayMs: t.podGcDelayMs ?? 500,
      podTerminationMs: t.podTerminationMs ?? 50,
      bookmarkIntervalMs: t.bookmarkIntervalMs ?? 5000,
      imagePullBackOffMs: t.imagePullBackOffMs ?? 100,
    };
    this.eventsEnabled = spec.events ?? spec.nodes.length < 100;
    this.gc = new GarbageCollector(this);
    this.scheduler = new Scheduler(this);
    this.kubelet = new Kubelet(this);
    this.jobs = new JobController(this);
  }

  /** Create the initial objects. */
  boot(caPem: string) {
    this.caPem = caPem;
    for (const ns of ["default", "kube-system", "kube-public", "kube-node-lease", ...(this.spec.namespaces || [])]) {
      if (!this.store.get(R.namespaces, undefined, ns)) this.create(R.namespaces, undefined, { metadata: { name: ns } });
    }
    for (const n of this.spec.nodes) this.addNode(n);
    for (const f of this.spec.faults || []) this.faults.set(f);
    for (const n of this.spec.nodes) for (const f of n.faults || []) this.faults.set(typeof f === "string" ? { type: f, node: n.name } : { ...f, node: n.name });
    this.faults.onChange(() => this.syncNodeFaults());
    this.syncNodeFaults();
  }

  /** Reflect unschedulable / notReady faults on the Node objects (cordon; kubelet stopped posting status). */
  syncNodeFaults() {
    for (const node of this.store.list(R.nodes)) {
      const name = node.metadata.name;
      const cordon = !!this.nodeSpecs.get(name)?.unschedulable || this.faults.has(name, "unschedulable");
      const down = this.faults.has(name, "notReady");
      const t = nowIso();
      this.store.mutate(R.nodes, undefined, name, (o) => {
        const before = JSON.stringify([o.spec, o.status.conditions]);
        const managed = new Set(["node.kubernetes.io/unschedulable", "node.kubernetes.io/unreachable"]);
        const taints: any[] = (o.spec.taints || []).filter((x: any) => !managed.has(x.key));
        const old: any[] = o.spec.taints || [];
        const keep = (key: string, effect: string) => old.find((x) => x.key === key && x.effect === effect) ?? { key, effect, timeAdded: t };
        if (cordon) { o.spec.unschedulable = true; taints.push(keep("node.kubernetes.io/unschedulable", "NoSchedule")); } else delete o.spec.unschedulable;
        if (down) taints.push(keep("node.kubernetes.io/unreachable", "NoSchedule"), keep("node.kubernetes.io/unreachable", "NoExecute"));
        if (taints.length) o.spec.taints = taints; else delete o.spec.taints;
        o.status.conditions = (o.status.conditions || []).map((c: any) => {
          const unknown = { ...c, status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status.", lastTransitionTime: c.status === "Unknown" ? c.lastTransitionTime : t };
          if (down) return unknown;
          if (c.status !== "Unknown") return c;
          const healthy: Record<string, [string, string, string]> = {
            Ready: ["True", "KubeletReady", "kubelet is posting ready status"], MemoryPressure: ["False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"],
            DiskPressure: ["False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"], PIDPressure: ["False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"],
          };
          const [status, reason, message] = healthy[c.type] ?? ["False", "", ""];
          return { ...c, status, reason, message, lastHeartbeatTime: t, lastTransitionTime: t };
        });
        if (JSON.stringify([o.spec, o.status.conditions]) === before) return false;
      });
    }
  }

  addNode(n: NodeSpec): KObject {
    if (this.store.get(R.nodes, undefined, n.name)) throw alreadyExists(R.nodes, n.name);
    const spec: NodeSpec = { hardened: this.spec.hardened, ...n };
    this.nodeSpecs.set(n.name, spec);
    const node = buildNode(spec, this.spec, this.nodeIndex++, this.version, nowIso(), uid());
    const created = this.store.create(R.nodes, node);
    if (this.faults.list().length) this.syncNodeFaults();
    return this.store.get(R.nodes, undefined, n.name) ?? created;
  }
  deleteNode(name: string) {
    if (!this.store.remove(R.nodes, undefined, name)) throw notFound(R.nodes, name);
  }
  nodeSpec(name: string): NodeSpec | undefined { return this.nodeSpecs.get(name); }
  outputShape(node: string): OutputShape { return this.nodeSpecs.get(node)?.outputShape ?? this.spec.outputShape ?? "current"; }

  // ---------- object lifecycle ----------

  private checkNamespace(def: ResourceDef, ns: string | undefined, name: string) {
    if (!def.namespaced) return;
    const nsObj = this.store.get(R.namespaces, undefined, ns!);
    if (!nsObj) throw new ApiError(404, "NotFound", `namespaces "${ns}" not found`, { name: ns, kind: "namespaces" });
    if (nsObj.status?.phase === "Terminating")
      throw new ApiError(403, "Forbidden", `${def.group ? `${def.plural}.${def.group}` : def.plural} "${name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
        { name, group: def.group || undefined, kind: def.plural, causes: [{ reason: "NamespaceTerminating", message: `namespace ${ns} is being terminated`, field: "metadata.namespace" }] });
  }

  private checkKind(def: ResourceDef, body: KObject) {
    if (body.apiVersion !== undefined && body.apiVersion !== apiVersionOf(def))
      throw badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (${apiVersionOf(def)})`);
    if (body.kind !== undefined && body.kind !== def.kind)
      throw badRequest(`${body.kind} in version "${def.version}" cannot be handled as a ${def.kind}: the kind in the data (${body.kind}) does not match the expected kind (${def.kind})`);
  }

  create(def: ResourceDef, ns: string | undefined, body: KObject, opts: { dryRun?: boolean } = {}): KObject {
    if (!body || typeof body !== "object" || !body.metadata || typeof body.metadata !== "object") body = { ...(body || {}), metadata: {} as KObject["metadata"] };
    this.checkKind(def, body);
    const o = structuredClone(body);
    o.apiVersion = apiVersionOf(def);
    o.kind = def.kind;
    const md = o.metadata;
    if (def.namespaced) {
      if (md.namespace && ns && md.namespace !== ns) throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
      md.namespace = ns ?? md.namespace ?? "default";
    } else delete md.namespace;
    if (!md.name && md.generateName) {
      for (let i = 0; i < 10; i++) {
        md.name = `${md.generateName}${randomSuffix()}`;
        if (!this.store.get(def, md.namespace, md.name)) break;
      }
    }
    delete md.resourceVersion; delete md.deletionTimestamp; delete md.deletionGracePeriodSeconds; delete md.managedFields;
    md.uid = uid();
    md.creationTimestamp = nowIso();
    if (def.generation) md.generation = 1; else delete md.generation;
    const err = validate(def, o);
    if (err) throw err;
    this.checkNamespace(def, md.namespace, md.name);
    if (this.store.get(def, md.namespace, md.name)) throw alreadyExists(def, md.name);
    applyCreateDefaults(def, o);
    if (opts.dryRun) { o.metadata.resourceVersion = undefined; return o; }
    return this.store.create(def, o);
  }

  /** PUT semantics. `status` = the status subresource. */
  update(def: ResourceDef, ns: string | undefined, name: string, body: KObject, opts: { subresource?: string; dryRun?: boolean } = {}): KObject {
    if (!body || typeof body !== "object") throw badRequest("the body of the request was in an unknown format");
    this.checkKind(def, body);
    const cur = this.store.get(def, ns, name);
    if (!cur) throw notFound(def, name);
    const md = body.metadata || ({} as KObject["metadata"]);
    if (md.name !== undefined && md.name !== name) throw badRequest(`the name of the object (${md.name}) does not match the name on the URL (${name})`);
    if (def.namespaced && md.namespace && md.namespace !== ns) throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    if (md.resourceVersion !== undefined && md.resourceVersion !== "" && md.resourceVersion !== cur.metadata.resourceVersion) throw conflict(def, name);
    if (md.uid && md.uid !== cur.metadata.uid) throw conflict(def, name, `Precondition failed: UID in precondition: ${md.uid}, UID in object meta: ${cur.metadata.uid}`);
    let next: KObject;
    if (opts.subresource === "status") {
      next = { ...structuredClone(cur), status: structuredClone(body.status) };
    } else {
      next = structuredClone(body);
      next.apiVersion = apiVersionOf(def);
      next.kind = def.kind;
      next.metadata = {
        ...next.metadata, name, uid: cur.metadata.uid, creationTimestamp: cur.metadata.creationTimestamp,
        ...(def.namespaced ? { namespace: ns } : {}),
        ...(cur.metadata.deletionTimestamp ? { deletionTimestamp: cur.metadata.deletionTimestamp } : {}),
        ...(cur.metadata.generateName ? { generateName: cur.metadata.generateName } : {}),
      };
      if (!def.namespaced) delete next.metadata.namespace;
      if (def.subresources.includes("status") && cur.status !== undefined) next.status = structuredClone(cur.status);
      if (def.plural === "pods" || def.plural === "jobs") {
        // pod spec is immutable except a few fields; job spec.template too (validated)
        if (def.plural === "pods" && JSON.stringify(stripMutablePodFields(cur.spec)) !== JSON.stringify(stripMutablePodFields(next.spec)))
          throw new ApiError(422, "Invalid", `Pod "${name}" is invalid: spec: Forbidden: pod updates may not change fields other than \`spec.containers[*].image\`,\`spec.initContainers[*].image\`,\`spec.activeDeadlineSeconds\`,\`spec.tolerations\` (only additions to existing tolerations),\`spec.terminationGracePeriodSeconds\` (allow it to be set to 1 if it was previously negative)`,
            { name, kind: "Pod", causes: [{ reason: "FieldValueForbidden", message: "Forbidden: pod updates may not change fields other than ...", field: "spec" }] });
      }
      if (def.generation) {
        const changed = JSON.stringify(cur.spec) !== JSON.stringify(next.spec);
        next.metadata.generation = (cur.metadata.generation ?? 1) + (changed ? 1 : 0);
      }
      const err = validate(def, next, cur);
      if (err) throw err;
    }
    for (const k of ["labels", "annotations", "finalizers", "ownerReferences"] as const) {
      const v = next.metadata[k] as unknown;
      if (v && typeof v === "object" && Object.keys(v).length === 0) delete next.metadata[k]; // omitempty
    }
    if (opts.dryRun) return next;
    if (JSON.stringify({ ...next, metadata: { ...next.metadata, resourceVersion: undefined } }) === JSON.stringify({ ...cur, metadata: { ...cur.metadata, resourceVersion: undefined } }))
      return cur; // no-op update: the API server does not bump resourceVersion
    const saved = this.store.update(def, next);
    if (saved.metadata.deletionTimestamp && !(saved.metadata.finalizers || []).length) this.finalizeRemoval(def, saved);
    return saved;
  }

  patch(def: ResourceDef, ns: string | undefined, name: string, contentType: string, patchBody: unknown, opts: { subresource?: string; dryRun?: boolean; force?: boolean } = {}): KObject {
    const cur = this.store.get(def, ns, name);
    const ct = contentType.split(";")[0].trim();
    if (!cur) {
      if (ct === "application/apply-patch+yaml" || ct === "application/apply-patch+json") {
        return this.create(def, ns, patchBody as KObject, opts);
      }
      throw notFound(def, name);
    }
    let next: any;
    const base = structuredClone(cur);
    switch (ct) {
      case "application/merge-patch+json": next = mergePatch(base, patchBody); break;
      case "application/strategic-merge-patch+json": next = strategicMergePatch(base, patchBody); break;
      case "application/json-patch+json": next = jsonPatch(base, patchBody); break;
      case "application/apply-patch+yaml": case "application/apply-patch+json": next = strategicMergePatch(base, patchBody); break;
      default:
        throw new ApiError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
    }
    if (!next || typeof next !== "object") throw badRequest("the patch produced an invalid object");
    if (next.metadata?.resourceVersion === undefined) next.metadata = { ...next.metadata, resourceVersion: cur.metadata.resourceVersion };
    return this.update(def, ns, name, next, opts);
  }

  delete(def: ResourceDef, ns: string | undefined, name: string, opts: DeleteOptions = {}): { obj: KObject; deleted: boolean } {
    const cur = this.store.get(def, ns, name);
    if (!cur) throw notFound(def, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== cur.metadata.uid) throw conflict(def, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${cur.metadata.uid}`);
    if (pre?.resourceVersion && pre.resourceVersion !== cur.metadata.resourceVersion)
      throw conflict(def, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.metadata.resourceVersion}`);
    if (opts.dryRun) return { obj: cur, deleted: true };
    const policy = opts.propagationPolicy ?? (opts.orphanDependents === true ? "Orphan" : opts.orphanDependents === false ? "Background" : def.defaultPropagation ?? "Background");

    if (def.plural === "namespaces") {
      if (cur.status?.phase === "Terminating") return { obj: cur, deleted: false };
      const obj = this.store.mutate(def, ns, name, (o) => { o.metadata.deletionTimestamp = nowIso(); o.status = { ...(o.status || {}), phase: "Terminating" }; })!;
      this.gc.terminateNamespace(name);
      return { obj, deleted: false };
    }
    if (def.plural === "pods" && opts.gracePeriodSeconds !== 0 && this.kubelet.needsGracefulStop(cur)) {
      if (cur.metadata.deletionTimestamp) return { obj: cur, deleted: false };
      const grace = opts.gracePeriodSeconds ?? cur.spec?.terminationGracePeriodSeconds ?? 30;
      const obj = this.store.mutate(def, ns, name, (o) => {
        o.metadata.deletionTimestamp = new Date(Date.now() + grace * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
        o.metadata.deletionGracePeriodSeconds = grace;
      })!;
      this.kubelet.stopPod(obj);
      return { obj, deleted: false };
    }
    if (policy === "Orphan") {
      for (const [ddef, dep] of this.store.dependents(cur.metadata.uid!)) {
        this.store.mutate(ddef, dep.metadata.namespace, dep.metadata.name, (o) => {
          o.metadata.ownerReferences = (o.metadata.ownerReferences || []).filter((r) => r.uid !== cur.metadata.uid);
          if (!o.metadata.ownerReferences.length) delete o.metadata.ownerReferences;
        });
      }
    }
    const finalizers = [...(cur.metadata.finalizers || [])];
    if (policy === "Foreground" && this.store.dependents(cur.metadata.uid!).length > 0 && !finalizers.includes("foregroundDeletion")) finalizers.push("foregroundDeletion");
    if (finalizers.length) {
      if (cur.metadata.deletionTimestamp && finalizers.length === (cur.metadata.finalizers || []).length) return { obj: cur, deleted: false };
      const obj = this.store.mutate(def, ns, name, (o) => { o.metadata.deletionTimestamp ??= nowIso(); o.metadata.deletionGracePeriodSeconds ??= 0; o.metadata.finalizers = finalizers; })!;
      if (finalizers.includes("foregroundDeletion")) this.gc.foreground(def, obj);
      return { obj, deleted: false };
    }
    const obj = this.store.remove(def, ns, name)!;
    if (policy !== "Orphan") this.gc.collectDependents(obj.metadata.uid!);
    return { obj, deleted: true };
  }

  /** An object whose last finalizer went away while it was being deleted. */
  finalizeRemoval(def: ResourceDef, obj: KObject) {
    const removed = this.store.remove(def, obj.metadata.namespace, obj.metadata.name);
    if (removed) this.gc.collectDependents(removed.metadata.uid!);
  }

  // ---------- events ----------
  recordEvent(involved: KObject, type: "Normal" | "Warning", reason: string, message: string, component: string, host?: string) {
    if (!this.eventsEnabled || !involved.metadata.namespace && involved.kind !== "Node") return;
    const ns = involved.metadata.namespace ?? "default";
    const nsObj = this.store.get(R.namespaces, undefined, ns);
    if (!nsObj || nsObj.status?.phase === "Terminating") return;
    const t = nowIso();
    const name = `${involved.metadata.name}.${(Date.now() * 1000 + Math.floor(Math.random() * 1000)).toString(16)}`;
    this.store.create(R.events, {
      apiVersion: "v1", kind: "Event",
      metadata: { name, namespace: ns, uid: uid(), creationTimestamp: t },
      involvedObject: { kind: involved.kind, namespace: involved.metadata.namespace, name: involved.metadata.name, uid: involved.metadata.uid, apiVersion: involved.apiVersion, resourceVersion: involved.metadata.resourceVersion },
      reason, message, source: { component, ...(host ? { host } : {}) }, firstTimestamp: t, lastTimestamp: t, count: 1, type,
      eventTime: null, reportingComponent: component, reportingInstance: host ?? "",
    });
  }

  // ---------- programmatic helpers ----------
  objects(kind: string, namespace?: string): KObject[] {
    const def = lookupResource(kind);
    if (!def) throw new Error(`unknown kind ${kind}`);
    return this.store.list(def, namespace).map((o) => structuredClone(o));
  }

  podDuration(node: string, rand: () => number): number {
    const d = this.nodeSpecs.get(node)?.durationMs;
    if (d !== undefined) return d;
    const [a, b] = this.timing.podDurationMs;
    return Math.round(a + (b - a) * rand());
  }

  shutdown() { this.kubelet.shutdown(); this.jobs.shutdown(); this.gc.shutdown(); }

  /** Drop every resource's watch history (like an etcd compaction): older resourceVersions get 410 Gone. */
  compact() { for (const d of RESOURCES) this.store.bucket(d).compact(this.store.rv); }

  setFaults(list: FaultSpec[]) { this.faults.clear(); for (const f of list) this.faults.set(f); }
}

function stripMutablePodFields(spec: any) {
  if (!spec) return spec;
  const s = structuredClone(spec);
  delete s.activeDeadlineSeconds; delete s.tolerations; delete s.terminationGracePeriodSeconds;
  for (const c of [...(s.containers || []), ...(s.initContainers || [])]) delete c.image;
  return s;
}
