// Server-side printing (meta.k8s.io/v1 Table) for `kubectl get`: the columns the real API server returns.
import { toJson } from "./store";
import type { ResourceDef } from "./resources";
import type { KObject } from "./types";
import { humanDuration } from "./util";

interface Col { name: string; type: string; format?: string; description?: string; priority: number }
const col = (name: string, type = "string", priority = 0, format = ""): Col => ({ name, type, format, description: name, priority });
const age = (o: KObject) => (o.metadata.creationTimestamp ? humanDuration(Date.now() - Date.parse(o.metadata.creationTimestamp)) : "<unknown>");

function nodeRoles(n: KObject) {
  const roles = Object.keys(n.metadata.labels || {}).filter((k) => k.startsWith("node-role.kubernetes.io/")).map((k) => k.slice("node-role.kubernetes.io/".length));
  if (n.metadata.labels?.["kubernetes.io/role"]) roles.push(n.metadata.labels["kubernetes.io/role"]);
  return roles.length ? roles.sort().join(",") : "<none>";
}
function nodeStatus(n: KObject) {
  const ready = (n.status?.conditions || []).find((c: any) => c.type === "Ready");
  let s = ready?.status === "True" ? "Ready" : ready ? "NotReady" : "Unknown";
  if (n.spec?.unschedulable) s += ",SchedulingDisabled";
  return s;
}
function podStatus(p: KObject) {
  let reason = p.status?.reason || p.status?.phase || "Unknown";
  for (const cs of p.status?.containerStatuses || []) {
    if (cs.state?.waiting?.reason) reason = cs.state.waiting.reason;
    else if (cs.state?.terminated) reason = cs.state.terminated.reason || (cs.state.terminated.exitCode ? "Error" : "Completed");
  }
  if (p.status?.phase === "Pending" && !(p.status?.containerStatuses || []).length && p.spec?.nodeName) reason = "ContainerCreating";
  if (p.metadata.deletionTimestamp) reason = "Terminating";
  return reason;
}
function jobStatus(j: KObject) {
  const c = (j.status?.conditions || []).filter((x: any) => x.status === "True").map((x: any) => x.type);
  if (c.includes("Complete")) return "Complete";
  if (c.includes("Failed")) return "Failed";
  if (j.metadata.deletionTimestamp) return "Terminating";
  if (c.includes("SuccessCriteriaMet")) return "SuccessCriteriaMet";
  if (c.includes("FailureTarget")) return "FailureTarget";
  if (j.spec?.suspend) return "Suspended";
  return "Running";
}

const PRINTERS: Record<string, { cols: Col[]; cells: (o: KObject) => unknown[] }> = {
  nodes: {
    cols: [col("Name"), col("Status"), col("Roles"), col("Age"), col("Version"), col("Internal-IP", "string", 1), col("External-IP", "string", 1), col("OS-Image", "string", 1), col("Kernel-Version", "string", 1), col("Container-Runtime", "string", 1)],
    cells: (n) => {
      const addr = (t: string) => (n.status?.addresses || []).find((a: any) => a.type === t)?.address ?? "<none>";
      const i = n.status?.nodeInfo || {};
      return [n.metadata.name, nodeStatus(n), nodeRoles(n), age(n), i.kubeletVersion, addr("InternalIP"), addr("ExternalIP"), i.osImage, i.kernelVersion, i.containerRuntimeVersion];
    },
  },
  pods: {
    cols: [col("Name"), col("Ready"), col("Status"), col("Restarts", "string"), col("Age"), col("IP", "string", 1), col("Node", "string", 1), col("Nominated Node", "string", 1), col("Readiness Gates", "string", 1)],
    cells: (p) => {
      const cs = p.status?.containerStatuses || [];
      const total = (p.spec?.containers || []).length;
      return [p.metadata.name, `${cs.filter((c: any) => c.ready).length}/${total}`, podStatus(p), String(cs.reduce((n: number, c: any) => n + (c.restartCount || 0), 0)), age(p),
        p.status?.podIP ?? "<none>", p.spec?.nodeName ?? "<none>", "<none>", "<none>"];
    },
  },
  jobs: {
    cols: [col("Name"), col("Status"), col("Completions"), col("Duration"), col("Age"), col("Containers", "string", 1), col("Images", "string", 1), col("Selector", "string", 1)],
    cells: (j) => {
      const start = j.status?.startTime ? Date.parse(j.status.startTime) : undefined;
      const end = j.status?.completionTime ? Date.parse(j.status.completionTime) : Date.now();
      const cts = j.spec?.template?.spec?.containers || [];
      return [j.metadata.name, jobStatus(j), `${j.status?.succeeded ?? 0}/${j.spec?.completions ?? 1}`, start ? humanDuration(end - start) : "", age(j),
        cts.map((c: any) => c.name).join(","), cts.map((c: any) => c.image).join(","), Object.entries(j.spec?.selector?.matchLabels || {}).map(([k, v]) => `${k}=${v}`).join(",")];
    },
  },
  namespaces: { cols: [col("Name"), col("Status"), col("Age")], cells: (n) => [n.metadata.name, n.status?.phase ?? "Active", age(n)] },
  configmaps: { cols: [col("Name"), col("Data", "integer"), col("Age")], cells: (c) => [c.metadata.name, Object.keys(c.data || {}).length + Object.keys(c.binaryData || {}).length, age(c)] },
  secrets: { cols: [col("Name"), col("Type"), col("Data", "integer"), col("Age")], cells: (c) => [c.metadata.name, c.type, Object.keys(c.data || {}).length, age(c)] },
  serviceaccounts: { cols: [col("Name"), col("Secrets", "integer"), col("Age")], cells: (s) => [s.metadata.name, (s.secrets || []).length, age(s)] },
  rolebindings: { cols: [col("Name"), col("Role"), col("Age")], cells: (b) => [b.metadata.name, `${b.roleRef?.kind}/${b.roleRef?.name}`, age(b)] },
  clusterrolebindings: { cols: [col("Name"), col("Role"), col("Age")], cells: (b) => [b.metadata.name, `${b.roleRef?.kind}/${b.roleRef?.name}`, age(b)] },
  events: {
    cols: [col("Last Seen"), col("Type"), col("Reason"), col("Object"), col("Message")],
    cells: (e) => [humanDuration(Date.now() - Date.parse(e.lastTimestamp ?? e.metadata.creationTimestamp)), e.type, e.reason, `${String(e.involvedObject?.kind).toLowerCase()}/${e.involvedObject?.name}`, e.message],
  },
};
const DEFAULT = { cols: [col("Name"), { ...col("Created At", "date"), format: "" }], cells: (o: KObject) => [o.metadata.name, o.metadata.creationTimestamp] };

export function wantsTable(accept: string | undefined) {
  return !!accept && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

export function toTable(def: ResourceDef, items: KObject[], listMeta: Record<string, unknown>, includeObject: string | null): string {
  const p = PRINTERS[def.plural] ?? DEFAULT;
  const inc = includeObject ?? "Metadata";
  const rows = items.map((o) => {
    const cells = JSON.stringify(p.cells(o));
    const obj = inc === "None" ? "" : inc === "Object" ? `,"object":${toJson(o)}` : `,"object":${JSON.stringify({ kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: o.metadata })}`;
    return `{"cells":${cells}${obj}}`;
  });
  return `{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":${JSON.stringify(listMeta)},"columnDefinitions":${JSON.stringify(p.cols)},"rows":[${rows.join(",")}]}`;
}
