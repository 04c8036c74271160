// Discovery documents (/api, /apis, /api/v1, /apis/<group>/<version>), /version, and a minimal OpenAPI v3
// (enough for kubectl to see that the server does field validation, so `kubectl apply` needs no --validate=false).
import { createHash } from "node:crypto";
import { apiVersionOf, GROUPS, RESOURCES, type ResourceDef } from "./resources";

const hash = (s: string) => createHash("sha256").update(s).digest("base64").slice(0, 11);

export function versionInfo(gitVersion: string) {
  const m = gitVersion.match(/^v(\d+)\.(\d+)/);
  const provider = /-eks-|-gke\./.test(gitVersion);
  return {
    major: m?.[1] ?? "1", minor: `${m?.[2] ?? "0"}${provider ? "+" : ""}`, gitVersion,
    gitCommit: createHash("sha1").update(gitVersion).digest("hex"), gitTreeState: "clean",
    buildDate: "2020-01-18T23:22:30Z", goVersion: Number(m?.[2]) >= 30 ? "go1.22.5" : "go1.12.12", compiler: "gc", platform: "linux/amd64",
  };
}

export function apiVersions(serverAddress: string) {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }] };
}

function group(g: { group: string; version: string }) {
  const gv = { groupVersion: `${g.group}/${g.version}`, version: g.version };
  return { name: g.group, versions: [gv], preferredVersion: gv };
}
export const apiGroupList = () => ({ kind: "APIGroupList", apiVersion: "v1", groups: GROUPS.map(group) });
export const apiGroup = (name: string) => {
  const g = GROUPS.find((x) => x.group === name);
  return g ? { kind: "APIGroup", apiVersion: "v1", ...group(g) } : undefined;
};

export function apiResourceList(groupName: string, version: string) {
  const defs = RESOURCES.filter((d) => d.group === groupName && d.version === version);
  if (!defs.length) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const d of defs) {
    resources.push({
      name: d.plural, singularName: d.singular, namespaced: d.namespaced, kind: d.kind, verbs: d.verbs,
      ...(d.shortNames ? { shortNames: d.shortNames } : {}), ...(d.categories ? { categories: d.categories } : {}),
      storageVersionHash: hash(`${apiVersionOf(d)}/${d.kind}`),
    });
    for (const s of d.subresources) {
      resources.push({
        name: `${d.plural}/${s}`, singularName: "", namespaced: d.namespaced, kind: d.kind,
        verbs: s === "log" ? ["get"] : s === "finalize" ? ["update"] : ["get", "patch", "update"],
      });
    }
  }
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: groupName ? `${groupName}/${version}` : version, resources };
}

// ---------------- OpenAPI v3 ----------------

const gvPath = (g: string, v: string) => (g ? `apis/${g}/${v}` : `api/${v}`);
const allGVs = () => [{ group: "", version: "v1" }, ...GROUPS];

export function openapiV3Root() {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const g of allGVs()) {
    const p = gvPath(g.group, g.version);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash(JSON.stringify(openapiV3Doc(g.group, g.version)))}` };
  }
  return { paths };
}

function schemaName(d: ResourceDef) {
  const pkg = d.group === "" ? "core" : d.group === "rbac.authorization.k8s.io" ? "rbac" : d.group;
  return `io.k8s.api.${pkg}.${d.version}.${d.kind}`;
}

export function openapiV3Doc(groupName: string, version: string) {
  const defs = RESOURCES.filter((d) => d.group === groupName && d.version === version);
  if (!defs.length && !(groupName === "" && version === "v1")) return undefined;
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  const base = groupName ? `/apis/${groupName}/${version}` : `/api/${version}`;
  const q = (name: string) => ({ name, in: "query", schema: { type: "string", uniqueItems: true } });
  for (const d of defs) {
    const gvk = { group: d.group, version: d.version, kind: d.kind };
    const ref = { $ref: `#/components/schemas/${schemaName(d)}` };
    const op = (action: string, extra: unknown[] = []) => ({
      operationId: `${action}${d.kind}`, "x-kubernetes-action": action, "x-kubernetes-group-version-kind": gvk,
      parameters: extra, responses: { "200": { description: "OK", content: { "application/json": { schema: ref } } } },
    });
    const writeParams = [q("dryRun"), q("fieldManager"), q("fieldValidation")];
    const prefix = d.namespaced ? `${base}/namespaces/{namespace}/${d.plural}` : `${base}/${d.plural}`;
    paths[prefix] = { get: op("list"), post: op("post", writeParams), delete: op("deletecollection") };
    paths[`${prefix}/{name}`] = { get: op("get"), put: op("put", writeParams), patch: op("patch", [...writeParams, q("force")]), delete: op("delete") };
    schemas[schemaName(d)] = {
      type: "object", description: `${d.kind} (kube-sim: schema not detailed)`,
      properties: { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { type: "object" } },
      "x-kubernetes-group-version-kind": [gvk],
    };
  }
  return { openapi: "3.0.0", info: { title: "Kubernetes", version: "unversioned" }, paths, components: { schemas } };
}
