// The resource types the simulator serves, with what discovery and the handlers need to know about them.

export interface ResourceDef {
  group: string; // "" for core
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs: string[];
  subresources: string[]; // "status", "log"
  /** DELETE returns the object (pods, namespaces) rather than a Status. */
  returnDeletedObject?: boolean;
  /** metadata.generation is maintained (spec changes bump it). */
  generation?: boolean;
  /** Field selectors accepted beyond metadata.name / metadata.namespace. */
  fields?: string[];
  /** Default propagation policy when a DELETE gives none. */
  defaultPropagation?: "Orphan" | "Background";
}

const ALL = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

export const RESOURCES: ResourceDef[] = [
  { group: "", version: "v1", kind: "Namespace", plural: "namespaces", singular: "namespace", namespaced: false, shortNames: ["ns"], verbs: ["create", "delete", "get", "list", "patch", "update", "watch"], subresources: ["status", "finalize"], returnDeletedObject: true, fields: ["status.phase"] },
  { group: "", version: "v1", kind: "Node", plural: "nodes", singular: "node", namespaced: false, shortNames: ["no"], verbs: ALL, subresources: ["status"], fields: ["spec.unschedulable"] },
  { group: "", version: "v1", kind: "Pod", plural: "pods", singular: "pod", namespaced: true, shortNames: ["po"], categories: ["all"], verbs: ALL, subresources: ["status", "log"], returnDeletedObject: true,
    fields: ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"] },
  { group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", singular: "configmap", namespaced: true, shortNames: ["cm"], verbs: ALL, subresources: [] },
  { group: "", version: "v1", kind: "Secret", plural: "secrets", singular: "secret", namespaced: true, verbs: ALL, subresources: [], fields: ["type"] },
  { group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", singular: "serviceaccount", namespaced: true, shortNames: ["sa"], verbs: ALL, subresources: [] },
  { group: "", version: "v1", kind: "Event", plural: "events", singular: "event", namespaced: true, shortNames: ["ev"], verbs: ALL, subresources: [],
    fields: ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"] },
  { group: "batch", version: "v1", kind: "Job", plural: "jobs", singular: "job", namespaced: true, categories: ["all"], verbs: ALL, subresources: ["status"], generation: true, fields: ["status.successful"], defaultPropagation: "Orphan" },
  { group: "batch", version: "v1", kind: "CronJob", plural: "cronjobs", singular: "cronjob", namespaced: true, shortNames: ["cj"], categories: ["all"], verbs: ALL, subresources: ["status"], generation: true },
  { group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", plural: "roles", singular: "role", namespaced: true, verbs: ALL, subresources: [] },
  { group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", plural: "rolebindings", singular: "rolebinding", namespaced: true, verbs: ALL, subresources: [] },
  { group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", plural: "clusterroles", singular: "clusterrole", namespaced: false, verbs: ALL, subresources: [] },
  { group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding", plural: "clusterrolebindings", singular: "clusterrolebinding", namespaced: false, verbs: ALL, subresources: [] },
];

export const GROUPS: { group: string; version: string }[] = [
  { group: "batch", version: "v1" },
  { group: "rbac.authorization.k8s.io", version: "v1" },
];

export const resKey = (def: Pick<ResourceDef, "group" | "plural">) => `${def.group}/${def.plural}`;

const byKey = new Map(RESOURCES.map((d) => [resKey(d), d]));

export function findResource(group: string, version: string, plural: string): ResourceDef | undefined {
  const d = byKey.get(`${group}/${plural}`);
  return d && d.version === version ? d : undefined;
}

/** Look a resource up by plural, singular, kind, short name or "plural.group" (case-insensitive). */
export function lookupResource(name: string): ResourceDef | undefined {
  const n = name.toLowerCase();
  for (const d of RESOURCES) {
    if (d.plural === n || d.singular === n || d.kind.toLowerCase() === n || d.shortNames?.includes(n) || `${d.plural}.${d.group}` === n) return d;
  }
  return undefined;
}

export const apiVersionOf = (d: ResourceDef) => (d.group ? `${d.group}/${d.version}` : d.version);
export const byKind = (kind: string, apiVersion?: string) =>
  RESOURCES.find((d) => d.kind === kind && (apiVersion === undefined || apiVersionOf(d) === apiVersion));
