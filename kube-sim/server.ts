// HTTP routing of the Kubernetes REST API: discovery, resources (list/get/watch/create/update/patch/delete,
// deletecollection, status and log subresources), Status errors, authentication/authorization, API faults,
// and the simulator's control endpoints under /_sim/.
import type { IncomingMessage, ServerResponse } from "node:http";
import yaml from "js-yaml";
import { Auth, forbidden, type Attributes, type User } from "./auth";
import { R, type Cluster, type DeleteOptions } from "./cluster";
import { apiGroup, apiGroupList, apiResourceList, apiVersions, openapiV3Doc, openapiV3Root, versionInfo } from "./discovery";
import { ApiError, badRequest, gone, methodNotAllowed, notFound, notFoundPath, statusObject, unauthorized } from "./errors";
import { validateFault } from "./faults";
import { apiVersionOf, findResource, type ResourceDef } from "./resources";
import { matchFields, matchLabels, parseFieldSelector, parseLabelSelector } from "./selectors";
import { decodeProtobufObject } from "./protobuf";
import { toJson } from "./store";
import { toTable, wantsTable } from "./tables";
import type { KObject, NodeSpec } from "./types";
import { sleep } from "./util";
import { serveWatch, watchMatches } from "./watch";

export interface RequestRecord { method: string; path: string; query: string; verb: string; status: number; user?: string; at: number; ms: number }

export class RequestLog {
  records: RequestRecord[] = [];
  constructor(private max = 20000) {}
  add(r: RequestRecord) {
    this.records.push(r);
    if (this.records.length > this.max) this.records.splice(0, this.records.length - this.max);
  }
}

const MAX_BODY = 3 * 1024 * 1024;

interface Route {
  def: ResourceDef;
  namespace?: string;
  name?: string;
  subresource?: string;
  verb: string;
  watchPath: boolean;
}

function send(res: ServerResponse, code: number, body: string, headers: Record<string, string> = {}, contentType = "application/json") {
  if (res.headersSent) { res.end(); return; }
  res.writeHead(code, { "Content-Type": contentType, "Cache-Control": "no-cache, private", ...headers });
  res.end(body);
}
const sendObj = (res: ServerResponse, code: number, obj: unknown, headers?: Record<string, string>) => send(res, code, typeof obj === "string" ? obj : JSON.stringify(obj), headers);

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, "RequestEntityTooLarge", `Request entity too large: limit is ${MAX_BODY}`);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}
const readBody = async (req: IncomingMessage) => (await readRaw(req)).toString("utf8");

/** Request body as an object: JSON, YAML, or Kubernetes protobuf. */
async function readObject(req: IncomingMessage): Promise<any> {
  const raw = await readRaw(req);
  if ((req.headers["content-type"] || "").startsWith("application/vnd.kubernetes.protobuf")) return decodeProtobufObject(raw);
  return parseBody(raw.toString("utf8"), req.headers["content-type"]);
}

function parseBody(text: string, contentType: string | undefined): any {
  if (!text.trim()) return undefined;
  const ct = (contentType || "application/json").split(";")[0].trim();
  try {
    if (ct.includes("yaml")) return yaml.load(text);
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`the server rejected our request due to an error in our request: ${ct.includes("yaml") ? "yaml" : "json"}: ${(e as Error).message}`);
  }
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw badRequest(`invalid value for ${name}: "${v}"`);
  return n;
}
const boolParam = (q: URLSearchParams, name: string) => { const v = q.get(name); return v === "true" || v === "1"; };

export class ApiServer {
  constructor(private c: Cluster, private auth: Auth, public requests: RequestLog, private serverAddress: () => string) {}

  handler = (req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now();
    const rec: RequestRecord = { method: req.method || "GET", path: "", query: "", verb: "", status: 0, at: started, ms: 0 };
    res.on("finish", () => { rec.status = res.statusCode; rec.ms = Date.now() - started; this.requests.add(rec); });
    res.on("close", () => { if (!rec.status) { rec.status = res.statusCode; rec.ms = Date.now() - started; this.requests.add(rec); } });
    this.handle(req, res, rec).catch((e) => {
      if (e instanceof ApiError) sendObj(res, e.code, e.toStatus(), e.headers);
      else {
        console.error("kube-sim: internal error", e);
        sendObj(res, 500, statusObject(500, "InternalError", `Internal error occurred: ${(e as Error).message}`));
      }
    });
  };

  private async handle(req: IncomingMessage, res: ServerResponse, rec: RequestRecord) {
    const url = new URL(req.url || "/", "http://localhost");
    let path = url.pathname.replace(/\/+$/, "") || "/";
    const q = url.searchParams;
    const method = (req.method || "GET").toUpperCase();
    rec.path = path;
    rec.query = url.search;

    // health and version are public (system:public-info-viewer)
    if (/^\/(healthz|readyz|livez)(\/.*)?$/.test(path)) { rec.verb = "get"; return send(res, 200, "ok", {}, "text/plain; charset=utf-8"); }
    if (path === "/version") { rec.verb = "get"; return sendObj(res, 200, versionInfo(this.c.version)); }

    const user = this.auth.authenticate(req);
    if (!user) throw unauthorized();
    rec.user = user.name;

    if (path.startsWith("/_sim")) return this.simControl(req, res, method, path, user);

    const route = this.route(method, path, q);
    rec.verb = route ? route.verb : method === "GET" ? "get" : method.toLowerCase();

    // API faults (after authentication, like priority & fairness / a failing etcd)
    const eff = this.c.faults.api({ method, verb: rec.verb, path });
    if (eff.latencyMs) await sleep(eff.latencyMs);
    if (eff.error) throw eff.error;

    if (!route) return this.nonResource(res, method, path);
    const attrs: Attributes = { verb: route.verb, resource: route.def, subresource: route.subresource, namespace: route.namespace, name: route.name, path };
    if (!this.auth.allowed(user, attrs)) throw forbidden(user, attrs);
    return this.resource(req, res, route, q, method, eff);
  }

  // ---------------- non-resource ----------------

  private nonResource(res: ServerResponse, method: string, path: string) {
    if (method !== "GET") throw methodNotAllowed();
    const seg = path.split("/").filter(Boolean);
    let body: unknown;
    if (path === "/api") body = apiVersions(this.serverAddress());
    else if (path === "/apis") body = apiGroupList();
    else if (seg[0] === "api" && seg.length === 2) body = apiResourceList("", seg[1]);
    else if (seg[0] === "apis" && seg.length === 2) body = apiGroup(seg[1]);
    else if (seg[0] === "apis" && seg.length === 3) body = apiResourceList(seg[1], seg[2]);
    else if (path === "/openapi/v3") body = openapiV3Root();
    else if (seg[0] === "openapi" && seg[1] === "v3") {
      const rest = seg.slice(2);
      body = rest[0] === "api" ? openapiV3Doc("", rest[1]) : rest[0] === "apis" ? openapiV3Doc(rest[1], rest[2]) : undefined;
    } else if (path === "/") {
      body = { paths: ["/api", "/api/v1", "/apis", "/apis/batch", "/apis/batch/v1", "/apis/rbac.authorization.k8s.io", "/apis/rbac.authorization.k8s.io/v1", "/healthz", "/livez", "/openapi/v3", "/readyz", "/version"] };
    }
    if (body === undefined) {
      if (seg[0] === "api" || seg[0] === "apis") throw notFoundPath();
      return send(res, 404, "404 page not found\n", {}, "text/plain; charset=utf-8");
    }
    return sendObj(res, 200, body);
  }

  // ---------------- routing ----------------

  private route(method: string, path: string, q: URLSearchParams): Route | undefined {
    const seg = path.split("/").filter(Boolean).map(decodeURIComponent);
    let group: string, version: string, rest: string[];
    if (seg[0] === "api" && seg.length >= 3) { group = ""; version = seg[1]; rest = seg.slice(2); }
    else if (seg[0] === "apis" && seg.length >= 4) { group = seg[1]; version = seg[2]; rest = seg.slice(3); }
    else return undefined;
    let watchPath = false;
    if (rest[0] === "watch") { watchPath = true; rest = rest.slice(1); }
    let namespace: string | undefined;
    if (rest[0] === "namespaces" && rest.length >= 3 && !(rest.length === 3 && (rest[2] === "status" || rest[2] === "finalize"))) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const def = findResource(group, version, rest[0]);
    if (!def || rest.length > 3) throw notFoundPath();
    if (namespace !== undefined && !def.namespaced) throw notFoundPath();
    const name = rest[1];
    const subresource = rest[2];
    if (def.namespaced && name !== undefined && namespace === undefined) throw notFoundPath();
    if (subresource !== undefined && !def.subresources.includes(subresource)) throw notFoundPath();
    let verb: string;
    switch (method) {
      case "GET": verb = name === undefined ? (watchPath || boolParam(q, "watch") ? "watch" : "list") : watchPath ? "watch" : "get"; break;
      case "POST": if (name !== undefined) throw methodNotAllowed(); verb = "create"; break;
      case "PUT": if (name === undefined) throw methodNotAllowed(); verb = "update"; break;
      case "PATCH": if (name === undefined) throw methodNotAllowed(); verb = "patch"; break;
      case "DELETE": verb = name === undefined ? "deletecollection" : "delete"; break;
      default: throw methodNotAllowed();
    }
    if (subresource === "log" && verb !== "get") throw methodNotAllowed();
    if (!subresource && !def.verbs.includes(verb)) throw methodNotAllowed();
    return { def, namespace, name, subresource, verb, watchPath };
  }

  // ---------------- resources ----------------

  private async resource(req: IncomingMessage, res: ServerResponse, r: Route, q: URLSearchParams, method: string, eff: { dropAfterEvents?: number; dropAfterMs?: number }) {
    const { def, namespace: ns, name, subresource } = r;
    const dryRun = q.getAll("dryRun").includes("All");
    switch (r.verb) {
      case "list": return this.list(req, res, def, ns, q);
      case "watch": {
        const label = parseLabelSelector(q.get("labelSelector"));
        const field = parseFieldSelector(r.watchPath && r.name ? `metadata.name=${r.name}` : q.get("fieldSelector"), def.fields || []);
        const ts = intParam(q, "timeoutSeconds");
        return serveWatch(this.c.store, req, res, {
          def, namespace: ns, label, field,
          resourceVersion: q.get("resourceVersion") ?? undefined,
          allowBookmarks: boolParam(q, "allowWatchBookmarks"),
          sendInitialEvents: q.has("sendInitialEvents") ? boolParam(q, "sendInitialEvents") : undefined,
          timeoutSeconds: ts,
          bookmarkIntervalMs: this.c.timing.bookmarkIntervalMs,
          dropAfterEvents: eff.dropAfterEvents, dropAfterMs: eff.dropAfterMs,
        });
      }
      case "get": {
        const obj = this.c.store.get(def, ns, name!);
        if (!obj) throw notFound(def, name!);
        if (subresource === "log") return this.log(req, res, obj, q);
        if (wantsTable(req.headers.accept) && !subresource) return send(res, 200, toTable(def, [obj], { resourceVersion: obj.metadata.resourceVersion }, q.get("includeObject")));
        return send(res, 200, toJson(obj));
      }
      case "create": {
        const body = await readObject(req);
        if (!body || typeof body !== "object") throw badRequest("Object 'Kind' is missing in empty body");
        const obj = this.c.create(def, ns, body, { dryRun });
        return send(res, 201, JSON.stringify(obj));
      }
      case "update": {
        const body = await readObject(req);
        const obj = this.c.update(def, ns, name!, body, { subresource, dryRun });
        return send(res, 200, JSON.stringify(obj));
      }
      case "patch": {
        const body = parseBody(await readBody(req), req.headers["content-type"]?.includes("yaml") ? "application/yaml" : "application/json");
        if (body === undefined) throw badRequest("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
        const ct = req.headers["content-type"] || "";
        if (ct.startsWith("application/apply-patch") && !q.get("fieldManager")) throw new ApiError(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch", { kind: "PatchOptions", group: "meta.k8s.io", causes: [{ reason: "FieldValueRequired", message: "Required value: is required for apply patch", field: "fieldManager" }] });
        const obj = this.c.patch(def, ns, name!, ct, body, { subresource, dryRun });
        return send(res, 200, JSON.stringify(obj));
      }
      case "delete": {
        const opts = await this.deleteOptions(req, q);
        const warn: Record<string, string> = {};
        if (def.plural === "jobs" && !opts.propagationPolicy && opts.orphanDependents === undefined)
          warn.Warning = `299 - "child pods are preserved by default when jobs are deleted; set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning"`;
        const { obj, deleted } = this.c.delete(def, ns, name!, opts);
        if (deleted && !def.returnDeletedObject) {
          return sendObj(res, 200, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details: { name: obj.metadata.name, ...(def.group ? { group: def.group } : {}), kind: def.plural, uid: obj.metadata.uid } }, warn);
        }
        return send(res, 200, JSON.stringify(obj), warn);
      }
      case "deletecollection": {
        const opts = await this.deleteOptions(req, q);
        const label = parseLabelSelector(q.get("labelSelector"));
        const field = parseFieldSelector(q.get("fieldSelector"), def.fields || []);
        const victims = this.c.store.list(def, ns).filter((o) => watchMatches({ def, namespace: ns, label, field }, o));
        const items: KObject[] = [];
        for (const v of victims) {
          try { items.push(this.c.delete(def, v.metadata.namespace, v.metadata.name, opts).obj); } catch (e) { if (!(e instanceof ApiError && e.code === 404)) throw e; }
        }
        return sendObj(res, 200, { kind: `${def.kind}List`, apiVersion: apiVersionOf(def), metadata: { resourceVersion: String(this.c.store.rv) }, items });
      }
    }
    void method;
    throw methodNotAllowed();
  }

  private async deleteOptions(req: IncomingMessage, q: URLSearchParams): Promise<DeleteOptions> {
    const body = parseBody(await readBody(req), "application/json") || {};
    const pp = q.get("propagationPolicy") ?? body.propagationPolicy;
    if (pp !== undefined && pp !== null && !["Foreground", "Background", "Orphan"].includes(pp))
      throw new ApiError(422, "Invalid", `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${pp}": supported values: "Foreground", "Background", "Orphan", "nil"`, { kind: "DeleteOptions", group: "meta.k8s.io", causes: [{ reason: "FieldValueNotSupported", message: `Unsupported value: "${pp}"`, field: "propagationPolicy" }] });
    const gp = q.get("gracePeriodSeconds") ?? body.gracePeriodSeconds;
    const od = q.get("orphanDependents") ?? body.orphanDependents;
    return {
      propagationPolicy: pp ?? undefined,
      gracePeriodSeconds: gp === undefined || gp === null ? undefined : Number(gp),
      orphanDependents: od === undefined || od === null ? undefined : od === true || od === "true",
      preconditions: body.preconditions,
      dryRun: q.getAll("dryRun").includes("All") || (Array.isArray(body.dryRun) && body.dryRun.includes("All")),
    };
  }

  private list(req: IncomingMessage, res: ServerResponse, def: ResourceDef, ns: string | undefined, q: URLSearchParams) {
    const label = parseLabelSelector(q.get("labelSelector"));
    const field = parseFieldSelector(q.get("fieldSelector"), def.fields || []);
    const limit = intParam(q, "limit");
    const cont = q.get("continue");
    let listRv = String(this.c.store.rv);
    let startKey: string | undefined;
    if (cont) {
      let tok: { v?: string; rv?: number; start?: string };
      try { tok = JSON.parse(Buffer.from(cont, "base64").toString("utf8")); } catch { throw badRequest("continue key is not valid: illegal base64 data"); }
      if (tok.v !== "meta.k8s.io/v1" || typeof tok.start !== "string" || typeof tok.rv !== "number") throw badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
      if (tok.rv < this.c.store.bucket(def).compactedRv)
        throw gone("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.");
      listRv = String(tok.rv);
      startKey = tok.start;
    }
    const matches = (o: KObject) => (!def.namespaced || !ns || o.metadata.namespace === ns) && matchLabels(label, o.metadata.labels) && matchFields(field, o);
    const items: KObject[] = [];
    let nextKey: string | undefined;
    let remaining = 0;
    const it = this.c.store.iterate(def, ns, startKey);
    for (const [k, o] of it) {
      if (!matches(o)) continue;
      if (limit !== undefined && limit > 0 && items.length >= limit) {
        nextKey = k;
        if (!label.length && !field.length) { remaining = 1; for (const _ of it) remaining++; }
        break;
      }
      items.push(o);
    }
    const meta: Record<string, unknown> = { resourceVersion: listRv };
    if (nextKey !== undefined) {
      const last = items[items.length - 1];
      const lastKey = def.namespaced ? `${last.metadata.namespace}/${last.metadata.name}` : last.metadata.name;
      meta.continue = Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv: Number(listRv), start: `${lastKey}\u0000` })).toString("base64");
      if (remaining) meta.remainingItemCount = remaining;
    }
    if (wantsTable(req.headers.accept)) return send(res, 200, toTable(def, items, meta, q.get("includeObject")));
    const body = `{"kind":"${def.kind}List","apiVersion":"${apiVersionOf(def)}","metadata":${JSON.stringify(meta)},"items":[${items.map((o) => toJson(o)).join(",")}]}`;
    return send(res, 200, body);
  }

  private log(req: IncomingMessage, res: ServerResponse, pod: KObject, q: URLSearchParams) {
    const opts = {
      container: q.get("container") ?? undefined,
      tailLines: intParam(q, "tailLines"),
      timestamps: boolParam(q, "timestamps"),
      limitBytes: intParam(q, "limitBytes"),
      previous: boolParam(q, "previous"),
    };
    const first = this.c.kubelet.logs(pod, opts);
    const follow = boolParam(q, "follow");
    if (!follow || !first.running) return send(res, 200, first.text, {}, "text/plain");
    res.writeHead(200, { "Content-Type": "text/plain", "Transfer-Encoding": "chunked" });
    res.flushHeaders();
    if (first.text) res.write(first.text);
    let sentLen = first.text.length;
    let stop = () => {};
    const onChange = () => {
      const cur = this.c.store.get(R.pods, pod.metadata.namespace, pod.metadata.name);
      if (!cur || cur.metadata.uid !== pod.metadata.uid) { stop(); res.end(); return; }
      let now;
      try { now = this.c.kubelet.logs(cur, opts); } catch { stop(); res.end(); return; }
      if (now.text.length > sentLen) { res.write(now.text.slice(sentLen)); sentLen = now.text.length; }
      if (!now.running) {
        const state = (cur.status?.containerStatuses || []).find((s: any) => s.name === now.containerName)?.state;
        if (state?.terminated) { stop(); res.end(); }
      }
    };
    const watch = () => { stop = this.c.kubelet.follow(pod, () => { stop(); setImmediate(() => { onChange(); if (!res.writableEnded) watch(); }); }); };
    watch();
    req.on("close", () => stop());
  }

  // ---------------- /_sim control ----------------

  private async simControl(req: IncomingMessage, res: ServerResponse, method: string, path: string, user: User) {
    if (!user.groups.includes("system:masters")) throw new ApiError(403, "Forbidden", `forbidden: User "${user.name}" cannot ${method.toLowerCase()} path "${path}"`);
    const seg = path.split("/").filter(Boolean).slice(1);
    const ok = (b: unknown = { ok: true }) => sendObj(res, 200, b);
    if (seg[0] === "faults") {
      if (method === "GET") return ok(this.c.faults.list());
      if (method === "POST") {
        const body = parseBody(await readBody(req), req.headers["content-type"]);
        const list = Array.isArray(body) ? body : [body];
        try { return ok({ ids: list.map((f) => this.c.faults.set(validateFault(f))) }); } catch (e) { if (e instanceof ApiError) throw e; throw badRequest((e as Error).message); }
      }
      if (method === "DELETE") { if (seg[1]) this.c.faults.remove(seg[1]); else this.c.faults.clear(); return ok(); }
    }
    if (seg[0] === "nodes") {
      if (method === "POST") {
        const body = parseBody(await readBody(req), req.headers["content-type"]) as NodeSpec;
        if (!body?.name) throw badRequest("node spec needs a name");
        return sendObj(res, 201, this.c.addNode(body));
      }
      if (method === "DELETE" && seg[1]) { this.c.deleteNode(seg[1]); return ok(); }
    }
    if (seg[0] === "compact" && method === "POST") {
      // drop the watch history: any resourceVersion older than now is "too old" (410 Gone), like etcd compaction
      this.c.compact();
      return ok({ compactedRevision: this.c.store.rv });
    }
    if (seg[0] === "state" && method === "GET") return ok({ resourceVersion: this.c.store.rv, nodes: this.c.store.count(R.nodes), faults: this.c.faults.list() });
    throw notFoundPath();
  }
}
