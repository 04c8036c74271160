// Validation (422 Invalid with causes, like the API server's field errors) and create-time defaulting.
import { invalid, type ApiError } from "./errors";
import type { ResourceDef } from "./resources";
import type { KObject } from "./types";
import { DNS1123_LABEL, DNS1123_SUBDOMAIN, isPlainObject } from "./util";

interface Cause { field: string; type: string; message: string; value?: unknown }

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
export const MAX_CONFIGMAP_BYTES = 1024 * 1024;

function validateMeta(def: ResourceDef, o: KObject, causes: Cause[]) {
  const n = o.metadata?.name;
  if (!n) {
    causes.push({ field: "metadata.name", type: "Required value", message: "name or generateName is required" });
  } else if (def.plural === "namespaces") {
    if (!DNS1123_LABEL.test(n) || n.length > 63) causes.push({ field: "metadata.name", type: "Invalid value", value: n, message: "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')" });
  } else if (def.group === "rbac.authorization.k8s.io") {
    if (n.includes("/") || n.includes("%") || n === "." || n === "..") causes.push({ field: "metadata.name", type: "Invalid value", value: n, message: `may not contain '/'` });
  } else if (!DNS1123_SUBDOMAIN.test(n) || n.length > 253) {
    causes.push({ field: "metadata.name", type: "Invalid value", value: n, message: "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')" });
  }
  for (const [k, v] of Object.entries(o.metadata?.labels || {})) {
    if (!LABEL_KEY.test(k)) causes.push({ field: "metadata.labels", type: "Invalid value", value: k, message: "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character" });
    if (typeof v !== "string" || !LABEL_VALUE.test(v) || v.length > 63) causes.push({ field: "metadata.labels", type: "Invalid value", value: v, message: "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character" });
  }
}

function validatePodSpec(spec: any, path: string, causes: Cause[], job: boolean) {
  if (!isPlainObject(spec)) { causes.push({ field: path, type: "Required value", message: "" }); return; }
  const containers = spec.containers;
  if (!Array.isArray(containers) || containers.length === 0) causes.push({ field: `${path}.containers`, type: "Required value", message: "" });
  else containers.forEach((c: any, i: number) => {
    if (!c?.name) causes.push({ field: `${path}.containers[${i}].name`, type: "Required value", message: "" });
    else if (!DNS1123_LABEL.test(c.name)) causes.push({ field: `${path}.containers[${i}].name`, type: "Invalid value", value: c.name, message: "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character" });
    if (!c?.image) causes.push({ field: `${path}.containers[${i}].image`, type: "Required value", message: "" });
  });
  const rp = spec.restartPolicy;
  if (job) {
    if (!rp) causes.push({ field: `${path}.restartPolicy`, type: "Required value", message: `valid values: "OnFailure", "Never"` });
    else if (rp !== "OnFailure" && rp !== "Never") causes.push({ field: `${path}.restartPolicy`, type: "Unsupported value", value: rp, message: `supported values: "OnFailure", "Never"` });
  } else if (rp && !["Always", "OnFailure", "Never"].includes(rp)) {
    causes.push({ field: `${path}.restartPolicy`, type: "Unsupported value", value: rp, message: `supported values: "Always", "OnFailure", "Never"` });
  }
  for (const [i, t] of (spec.tolerations || []).entries()) {
    if (t.operator === "Exists" && t.value) causes.push({ field: `${path}.tolerations[${i}].operator`, type: "Invalid value", value: t.value, message: "value must be empty when `operator` is 'Exists'" });
    if (!t.key && t.operator !== "Exists") causes.push({ field: `${path}.tolerations[${i}].operator`, type: "Invalid value", value: t.operator ?? "Equal", message: "operator must be Exists when `key` is empty, which means \"match all values and all keys\"" });
  }
}

function byteSize(o: Record<string, string> | undefined, base64 = false) {
  let n = 0;
  for (const [k, v] of Object.entries(o || {})) n += k.length + (base64 ? Math.floor((String(v).length * 3) / 4) : Buffer.byteLength(String(v)));
  return n;
}

export function validate(def: ResourceDef, o: KObject, old?: KObject): ApiError | undefined {
  const causes: Cause[] = [];
  validateMeta(def, o, causes);
  switch (def.plural) {
    case "jobs": {
      const s = o.spec;
      if (!isPlainObject(s?.template)) causes.push({ field: "spec.template", type: "Required value", message: "" });
      else validatePodSpec(s.template.spec, "spec.template.spec", causes, true);
      for (const f of ["backoffLimit", "parallelism", "completions", "ttlSecondsAfterFinished"]) {
        if (s?.[f] !== undefined && s[f] !== null && !(Number.isInteger(s[f]) && s[f] >= 0)) causes.push({ field: `spec.${f}`, type: "Invalid value", value: s[f], message: "must be greater than or equal to 0" });
      }
      if (s?.activeDeadlineSeconds !== undefined && s.activeDeadlineSeconds !== null && !(Number.isInteger(s.activeDeadlineSeconds) && s.activeDeadlineSeconds > 0))
        causes.push({ field: "spec.activeDeadlineSeconds", type: "Invalid value", value: s.activeDeadlineSeconds, message: "must be greater than 0" });
      if (old && JSON.stringify(old.spec?.template) !== JSON.stringify(o.spec?.template))
        causes.push({ field: "spec.template", type: "Invalid value", value: "core.PodTemplateSpec{...}", message: "field is immutable" });
      break;
    }
    case "cronjobs":
      if (!o.spec?.schedule) causes.push({ field: "spec.schedule", type: "Required value", message: "" });
      if (!isPlainObject(o.spec?.jobTemplate)) causes.push({ field: "spec.jobTemplate", type: "Required value", message: "" });
      break;
    case "pods":
      if (!old) validatePodSpec(o.spec, "spec", causes, false);
      break;
    case "configmaps": case "secrets": {
      const data = o.data, bin = def.plural === "configmaps" ? o.binaryData : undefined;
      for (const k of [...Object.keys(data || {}), ...Object.keys(bin || {})])
        if (!CONFIG_KEY.test(k) || k.length > 253) causes.push({ field: `data[${k}]`, type: "Invalid value", value: k, message: "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')" });
      const size = byteSize(data, def.plural === "secrets") + byteSize(bin, true) + byteSize(o.stringData);
      if (size > MAX_CONFIGMAP_BYTES) causes.push({ field: "[]", type: "Too long", message: `must have at most ${MAX_CONFIGMAP_BYTES} bytes` });
      if (old?.immutable && JSON.stringify(old.data) !== JSON.stringify(o.data)) causes.push({ field: "data", type: "Forbidden", message: "field is immutable when `immutable` is set" });
      break;
    }
    case "roles": case "clusterroles":
      (o.rules || []).forEach((r: any, i: number) => {
        if (!r?.verbs?.length) causes.push({ field: `rules[${i}].verbs`, type: "Required value", message: "verbs must contain at least one value" });
        if (!r?.nonResourceURLs?.length) {
          if (!r?.apiGroups?.length) causes.push({ field: `rules[${i}].apiGroups`, type: "Required value", message: "resource rules must supply at least one api group" });
          if (!r?.resources?.length) causes.push({ field: `rules[${i}].resources`, type: "Required value", message: "resource rules must supply at least one resource" });
        } else if (def.plural === "roles") causes.push({ field: `rules[${i}].nonResourceURLs`, type: "Invalid value", value: r.nonResourceURLs, message: "namespaced rules cannot apply to non-resource URLs" });
      });
      break;
    case "rolebindings": case "clusterrolebindings": {
      const ref = o.roleRef;
      const kinds = def.plural === "rolebindings" ? ["Role", "ClusterRole"] : ["ClusterRole"];
      if (!ref?.kind) causes.push({ field: "roleRef.kind", type: "Required value", message: "" });
      else if (!kinds.includes(ref.kind)) causes.push({ field: "roleRef.kind", type: "Unsupported value", value: ref.kind, message: `supported values: ${kinds.map((k) => `"${k}"`).join(", ")}` });
      if (!ref?.name) causes.push({ field: "roleRef.name", type: "Required value", message: "" });
      if (ref && ref.apiGroup !== "rbac.authorization.k8s.io") causes.push({ field: "roleRef.apiGroup", type: "Unsupported value", value: ref.apiGroup ?? "", message: `supported values: "rbac.authorization.k8s.io"` });
      (o.subjects || []).forEach((s: any, i: number) => {
        if (!s?.name) causes.push({ field: `subjects[${i}].name`, type: "Required value", message: "" });
        if (!["ServiceAccount", "User", "Group"].includes(s?.kind)) causes.push({ field: `subjects[${i}].kind`, type: "Unsupported value", value: s?.kind ?? "", message: `supported values: "ServiceAccount", "User", "Group"` });
        else if (s.kind === "ServiceAccount" && def.plural === "clusterrolebindings" && !s.namespace) causes.push({ field: `subjects[${i}].namespace`, type: "Required value", message: "" });
      });
      if (old && JSON.stringify(old.roleRef) !== JSON.stringify(o.roleRef)) causes.push({ field: "roleRef", type: "Invalid value", value: o.roleRef, message: "cannot change roleRef" });
      break;
    }
  }
  if (!causes.length) return undefined;
  return invalid(def, o.metadata?.name || o.metadata?.generateName || "", causes);
}

const imagePullPolicy = (image: string) => (/:latest$/.test(image) || !/:[^/]+$/.test(image.replace(/@.*$/, "")) ? "Always" : "IfNotPresent");

export function defaultPodSpec(spec: any, restartDefault = "Always") {
  spec.restartPolicy ??= restartDefault;
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= "ClusterFirst";
  spec.securityContext ??= {};
  spec.schedulerName ??= "default-scheduler";
  for (const c of [...(spec.initContainers || []), ...(spec.containers || [])]) {
    c.resources ??= {};
    c.terminationMessagePath ??= "/dev/termination-log";
    c.terminationMessagePolicy ??= "File";
    c.imagePullPolicy ??= imagePullPolicy(String(c.image));
  }
  for (const v of spec.volumes || []) if (v.hostPath) v.hostPath.type ??= "";
}

export function applyCreateDefaults(def: ResourceDef, o: KObject) {
  switch (def.plural) {
    case "pods": {
      defaultPodSpec(o.spec);
      o.spec.serviceAccountName ??= o.spec.serviceAccount ?? "default";
      o.spec.serviceAccount ??= o.spec.serviceAccountName;
      o.spec.enableServiceLinks ??= true;
      o.spec.priority ??= 0;
      o.spec.preemptionPolicy ??= "PreemptLowerPriority";
      const tol: any[] = (o.spec.tolerations ??= []);
      for (const key of ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]) {
        if (!tol.some((t) => t.key === key && t.effect === "NoExecute") && !tol.some((t) => !t.key && t.operator === "Exists" && !t.effect))
          tol.push({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 });
      }
      o.status = { phase: "Pending", qosClass: "BestEffort" };
      break;
    }
    case "jobs": {
      const s = o.spec;
      s.parallelism ??= 1;
      s.completions ??= 1;
      s.backoffLimit ??= 6;
      s.completionMode ??= "NonIndexed";
      s.suspend ??= false;
      s.podReplacementPolicy ??= "TerminatingOrFailed";
      const uidLabels = {
        "batch.kubernetes.io/controller-uid": o.metadata.uid!, "batch.kubernetes.io/job-name": o.metadata.name,
        "controller-uid": o.metadata.uid!, "job-name": o.metadata.name,
      };
      if (!s.manualSelector) s.selector = { matchLabels: { "batch.kubernetes.io/controller-uid": o.metadata.uid } };
      s.template.metadata = { ...(s.template.metadata || {}), labels: { ...(s.template.metadata?.labels || {}), ...uidLabels } };
      s.template.metadata.creationTimestamp ??= null;
      defaultPodSpec(s.template.spec, "Never");
      o.metadata.labels = { ...uidLabels, ...(o.metadata.labels || {}) };
      o.status = {};
      break;
    }
    case "namespaces":
      o.metadata.labels = { ...(o.metadata.labels || {}), "kubernetes.io/metadata.name": o.metadata.name };
      o.spec = { finalizers: ["kubernetes"], ...(o.spec || {}) };
      o.status = { phase: "Active" };
      break;
    case "secrets":
      o.type ??= "Opaque";
      if (o.stringData) {
        o.data = { ...(o.data || {}) };
        for (const [k, v] of Object.entries(o.stringData)) o.data[k] = Buffer.from(String(v)).toString("base64");
        delete o.stringData;
      }
      break;
  }
}
