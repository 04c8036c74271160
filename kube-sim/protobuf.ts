// Decoding of Kubernetes protobuf request bodies ("k8s\0" + runtime.Unknown) for the kinds kubectl's typed
// `create` commands send as protobuf (configmap, secret, namespace, serviceaccount, RBAC objects).
import { ApiError } from "./errors";

type FieldType = "string" | "bytes" | "bool" | "int" | "time" | "mapss" | "mapsb" | Schema;
interface Field { name: string; type: FieldType; repeated?: boolean }
type Schema = Record<number, Field>;

const f = (name: string, type: FieldType, repeated = false): Field => ({ name, type, repeated });
const OwnerReference: Schema = { 1: f("kind", "string"), 3: f("name", "string"), 4: f("uid", "string"), 5: f("apiVersion", "string"), 6: f("controller", "bool"), 7: f("blockOwnerDeletion", "bool") };
const ObjectMeta: Schema = {
  1: f("name", "string"), 2: f("generateName", "string"), 3: f("namespace", "string"), 5: f("uid", "string"), 6: f("resourceVersion", "string"),
  7: f("generation", "int"), 8: f("creationTimestamp", "time"), 9: f("deletionTimestamp", "time"), 10: f("deletionGracePeriodSeconds", "int"),
  11: f("labels", "mapss"), 12: f("annotations", "mapss"), 13: f("ownerReferences", OwnerReference, true), 14: f("finalizers", "string", true),
};
const ObjectReference: Schema = { 1: f("kind", "string"), 2: f("namespace", "string"), 3: f("name", "string"), 4: f("uid", "string"), 5: f("apiVersion", "string"), 6: f("resourceVersion", "string"), 7: f("fieldPath", "string") };
const PolicyRule: Schema = { 1: f("verbs", "string", true), 2: f("apiGroups", "string", true), 3: f("resources", "string", true), 4: f("resourceNames", "string", true), 5: f("nonResourceURLs", "string", true) };
const Subject: Schema = { 1: f("kind", "string"), 2: f("apiGroup", "string"), 3: f("name", "string"), 4: f("namespace", "string") };
const RoleRef: Schema = { 1: f("apiGroup", "string"), 2: f("kind", "string"), 3: f("name", "string") };
const Binding: Schema = { 1: f("metadata", ObjectMeta), 2: f("subjects", Subject, true), 3: f("roleRef", RoleRef) };

const KINDS: Record<string, Schema> = {
  ConfigMap: { 1: f("metadata", ObjectMeta), 2: f("data", "mapss"), 3: f("binaryData", "mapsb"), 4: f("immutable", "bool") },
  Secret: { 1: f("metadata", ObjectMeta), 2: f("data", "mapsb"), 3: f("type", "string"), 4: f("stringData", "mapss"), 5: f("immutable", "bool") },
  Namespace: { 1: f("metadata", ObjectMeta), 2: f("spec", { 1: f("finalizers", "string", true) }), 3: f("status", { 1: f("phase", "string") }) },
  ServiceAccount: { 1: f("metadata", ObjectMeta), 2: f("secrets", ObjectReference, true), 3: f("imagePullSecrets", { 1: f("name", "string") }, true), 4: f("automountServiceAccountToken", "bool") },
  Role: { 1: f("metadata", ObjectMeta), 2: f("rules", PolicyRule, true) },
  ClusterRole: { 1: f("metadata", ObjectMeta), 2: f("rules", PolicyRule, true) },
  RoleBinding: Binding,
  ClusterRoleBinding: Binding,
};

class Reader {
  pos = 0;
  constructor(public b: Buffer) {}
  varint(): number {
    let result = 0, shift = 0;
    for (;;) {
      if (this.pos >= this.b.length) throw new Error("truncated varint");
      const byte = this.b[this.pos++];
      result += (byte & 0x7f) * 2 ** shift;
      if (!(byte & 0x80)) return result;
      shift += 7;
    }
  }
  bytes(): Buffer { const n = this.varint(); const v = this.b.subarray(this.pos, this.pos + n); this.pos += n; return v; }
  skip(wire: number) {
    if (wire === 0) this.varint(); else if (wire === 1) this.pos += 8; else if (wire === 2) this.bytes(); else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

function decode(buf: Buffer, schema: Schema): Record<string, any> {
  const r = new Reader(buf);
  const out: Record<string, any> = {};
  while (r.pos < buf.length) {
    const key = r.varint();
    const field = schema[Math.floor(key / 8)];
    const wire = key & 7;
    if (!field) { r.skip(wire); continue; }
    let v: any;
    switch (field.type) {
      case "string": v = r.bytes().toString("utf8"); break;
      case "bytes": v = r.bytes().toString("base64"); break;
      case "bool": v = r.varint() !== 0; break;
      case "int": v = r.varint(); break;
      case "time": {
        const t = decode(r.bytes(), { 1: f("seconds", "int"), 2: f("nanos", "int") });
        v = new Date((t.seconds ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
        break;
      }
      case "mapss": case "mapsb": {
        const e = decode(r.bytes(), { 1: f("k", "string"), 2: f("v", field.type === "mapss" ? "string" : "bytes") });
        (out[field.name] ??= {})[e.k ?? ""] = e.v ?? "";
        continue;
      }
      default: v = decode(r.bytes(), field.type); break;
    }
    if (field.repeated) (out[field.name] ??= []).push(v); else out[field.name] = v;
  }
  return out;
}

export function decodeProtobufObject(body: Buffer): Record<string, any> {
  if (body.length < 4 || body.subarray(0, 4).toString("latin1") !== "k8s\u0000") throw new ApiError(400, "BadRequest", "provided protobuf data has no k8s magic prefix");
  const unknown = decode(body.subarray(4), { 1: f("typeMeta", { 1: f("apiVersion", "string"), 2: f("kind", "string") }), 2: f("raw", "bytes") });
  const kind = unknown.typeMeta?.kind;
  const schema = KINDS[kind];
  if (!schema) throw new ApiError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (protobuf is only decoded for ${Object.keys(KINDS).join(", ")} by kube-sim)`);
  const obj = decode(Buffer.from(unknown.raw ?? "", "base64"), schema);
  // Go marshals empty strings; the JSON form omits them
  for (const [k, v] of Object.entries(obj.metadata ?? {})) if (v === "" || k === "creationTimestamp") delete obj.metadata[k];
  return { apiVersion: unknown.typeMeta.apiVersion, kind, ...obj, metadata: obj.metadata ?? {} };
}
