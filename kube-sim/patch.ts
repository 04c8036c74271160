// PATCH bodies: JSON merge patch (RFC 7386), a strategic merge patch that merges object lists by their merge
// key (name / mountPath / containerPort) and honours $patch: delete, and JSON patch (RFC 6902).
import { ApiError, badRequest } from "./errors";
import { isPlainObject } from "./util";

export function mergePatch(target: any, patch: any): any {
  if (!isPlainObject(patch)) return patch;
  const out: Record<string, any> = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

const MERGE_KEYS: Record<string, string> = {
  containers: "name", initContainers: "name", ephemeralContainers: "name", volumes: "name", env: "name",
  volumeMounts: "mountPath", ports: "containerPort", imagePullSecrets: "name", conditions: "type",
  ownerReferences: "uid", hostAliases: "ip", topologySpreadConstraints: "topologyKey",
};

export function strategicMergePatch(target: any, patch: any, field?: string): any {
  if (Array.isArray(patch)) {
    const key = field ? MERGE_KEYS[field] : undefined;
    if (!key || !Array.isArray(target) || !patch.every(isPlainObject)) return patch.filter((p) => !(isPlainObject(p) && p.$patch));
    const out = target.map((x) => x);
    for (const p of patch) {
      const idx = out.findIndex((t) => isPlainObject(t) && t[key] === p[key]);
      if (p.$patch === "delete") { if (idx >= 0) out.splice(idx, 1); continue; }
      if (idx >= 0) out[idx] = strategicMergePatch(out[idx], p);
      else out.push(strategicMergePatch(undefined, p));
    }
    return out;
  }
  if (!isPlainObject(patch)) return patch;
  if (patch.$patch === "replace") { const { $patch: _, ...rest } = patch; return rest; }
  if (patch.$patch === "delete") return undefined;
  const out: Record<string, any> = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith("$setElementOrder/") || k === "$retainKeys" || k === "$patch") continue;
    if (k.startsWith("$deleteFromPrimitiveList/")) {
      const f = k.slice("$deleteFromPrimitiveList/".length);
      if (Array.isArray(out[f]) && Array.isArray(v)) out[f] = out[f].filter((x: unknown) => !v.includes(x));
      continue;
    }
    if (v === null) { delete out[k]; continue; }
    const merged = strategicMergePatch(out[k], v, k);
    if (merged === undefined) delete out[k]; else out[k] = merged;
  }
  return out;
}

function unescape(tok: string) { return tok.replace(/~1/g, "/").replace(/~0/g, "~"); }
function parsePointer(p: string): string[] {
  if (p === "") return [];
  if (!p.startsWith("/")) throw badRequest(`invalid JSON pointer: ${p}`);
  return p.slice(1).split("/").map(unescape);
}
const fail = (msg: string) => new ApiError(422, "Invalid", msg);

export function jsonPatch(doc: any, ops: any): any {
  if (!Array.isArray(ops)) throw badRequest("the server rejected our request due to an error in our request: json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  let root = structuredClone(doc);
  const walk = (path: string[], create = false): [any, string] => {
    let cur = root;
    for (let i = 0; i < path.length - 1; i++) {
      const k = path[i];
      const next = Array.isArray(cur) ? cur[Number(k)] : cur?.[k];
      if (next === undefined || next === null) {
        if (!create) throw fail(`the server rejected our request due to an error in our request: doc is missing path: "/${path.join("/")}": missing value`);
        throw fail(`doc is missing path: "/${path.join("/")}": missing value`);
      }
      cur = next;
    }
    return [cur, path[path.length - 1]];
  };
  const get = (path: string[]) => {
    let cur = root;
    for (const k of path) {
      if (cur === undefined || cur === null) return undefined;
      cur = Array.isArray(cur) ? cur[Number(k)] : cur[k];
    }
    return cur;
  };
  const add = (path: string[], value: any) => {
    if (!path.length) { root = value; return; }
    const [parent, last] = walk(path, true);
    if (Array.isArray(parent)) {
      const i = last === "-" ? parent.length : Number(last);
      if (!(i >= 0 && i <= parent.length)) throw fail(`add operation does not apply: doc is missing path: "/${path.join("/")}"`);
      parent.splice(i, 0, value);
    } else if (isPlainObject(parent)) parent[last] = value;
    else throw fail(`doc is missing path: "/${path.join("/")}"`);
  };
  const remove = (path: string[]) => {
    const [parent, last] = walk(path);
    if (Array.isArray(parent)) {
      const i = Number(last);
      if (!(i >= 0 && i < parent.length)) throw fail(`remove operation does not apply: doc is missing path: "/${path.join("/")}"`);
      return parent.splice(i, 1)[0];
    }
    if (!isPlainObject(parent) || !(last in parent)) throw fail(`remove operation does not apply: doc is missing path: "/${path.join("/")}"`);
    const v = parent[last];
    delete parent[last];
    return v;
  };
  for (const op of ops) {
    if (!isPlainObject(op) || typeof op.op !== "string" || typeof op.path !== "string") throw badRequest("invalid JSON patch operation");
    const path = parsePointer(op.path);
    switch (op.op) {
      case "add": add(path, structuredClone(op.value)); break;
      case "remove": remove(path); break;
      case "replace": remove(path); add(path, structuredClone(op.value)); break;
      case "move": { const v = remove(parsePointer(op.from)); add(path, v); break; }
      case "copy": { const v = get(parsePointer(op.from)); if (v === undefined) throw fail(`copy operation does not apply: doc is missing from path: "${op.from}"`); add(path, structuredClone(v)); break; }
      case "test": {
        if (JSON.stringify(get(path)) !== JSON.stringify(op.value)) throw fail(`the server rejected our request due to an error in our request: testing value /${path.join("/")} failed: test failed`);
        break;
      }
      default: throw badRequest(`Unexpected kind: ${op.op}`);
    }
  }
  return root;
}
