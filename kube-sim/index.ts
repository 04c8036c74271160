// Programmatic entry point of the Kubernetes API simulator.
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import yaml from "js-yaml";
import { Auth, newToken } from "./auth";
import { Cluster } from "./cluster";
import { ApiServer, RequestLog, type RequestRecord } from "./server";
import { presetSpec } from "./presets";
import { createPki, type Pki } from "./tls";
import type { ClusterSpec, FaultSpec, KObject, NodeSpec } from "./types";

export type { ClusterSpec, FaultSpec, NodeSpec, KObject, ClusterTiming, FaultType, NodeFaultType, ApiFaultType, OutputShape, Provider, Taint } from "./types";
export type { RequestRecord } from "./server";
export { presetSpec } from "./presets";

export interface StartOptions {
  preset?: string;
  spec?: ClusterSpec;
  /** Path of a JSON or YAML ClusterSpec file. */
  specFile?: string;
  port?: number;
  host?: string;
  tls?: boolean;
  seed?: string | number;
  hardened?: boolean;
  podDurationMs?: number | [number, number];
  /**
   * Treat requests without credentials as this user, like the API server's legacy insecure port. kubectl
   * (client-go) never sends tokens over plain http (kubernetes/kubectl#744), so kubectl against an http
   * simulator needs this. Requests with a bad token still get 401. Default: unauthenticated -> 401.
   */
  anonymous?: "admin" | "readonly";
  /** Fixed tokens (default: random per start). */
  tokens?: { admin?: string; readonly?: string };
}

export interface RequestFilter { method?: string; verb?: string; path?: string | RegExp; status?: number; user?: string }

export interface Simulator {
  url: string;
  tls: boolean;
  caPem?: string;
  tokens: { admin: string; readonly: string };
  /** YAML kubeconfig. user "cert" (TLS only) authenticates with a client certificate (CN=admin, O=system:masters). */
  kubeconfig(opts?: { user?: "admin" | "readonly" | "cert"; contextName?: string; namespace?: string }): string;
  faults: { set(f: FaultSpec): string; remove(id: string): void; clear(): void; list(): FaultSpec[] };
  objects(kind: string, namespace?: string): KObject[];
  deleteNode(name: string): void;
  addNode(spec: NodeSpec): void;
  /** A client certificate for any user/groups, signed by the simulator's CA (TLS only). */
  clientCert(user: string, groups?: string[]): { certPem: string; keyPem: string };
  /** Drop the watch history (like etcd compaction): resuming from an older resourceVersion gets 410 Gone. */
  compact(): void;
  requests: { count(filter?: RequestFilter): number; log(filter?: RequestFilter): RequestRecord[]; clear(): void };
  cluster: Cluster;
  stop(): Promise<void>;
}

export function loadSpecFile(path: string): ClusterSpec {
  const text = readFileSync(path, "utf8");
  const spec = (path.endsWith(".json") ? JSON.parse(text) : yaml.load(text)) as ClusterSpec;
  if (!spec || !Array.isArray(spec.nodes)) throw new Error(`${path}: a cluster spec needs a "nodes" list`);
  return spec;
}

function matches(r: RequestRecord, f: RequestFilter = {}) {
  if (f.method && r.method !== f.method.toUpperCase()) return false;
  if (f.verb && r.verb !== f.verb) return false;
  if (f.status !== undefined && r.status !== f.status) return false;
  if (f.user && r.user !== f.user) return false;
  if (f.path !== undefined) {
    if (typeof f.path === "string" ? !r.path.includes(f.path) : !f.path.test(r.path)) return false;
  }
  return true;
}

export async function startSimulator(opts: StartOptions = {}): Promise<Simulator> {
  let spec: ClusterSpec = opts.spec ? structuredClone(opts.spec) : opts.specFile ? loadSpecFile(opts.specFile) : presetSpec(opts.preset ?? "rke-3");
  if (opts.preset && opts.spec) throw new Error("give either preset or spec");
  if (opts.seed !== undefined) spec = { ...spec, seed: opts.seed };
  if (opts.hardened !== undefined) spec = { ...spec, hardened: opts.hardened };
  if (opts.podDurationMs !== undefined) spec = { ...spec, timing: { ...(spec.timing || {}), podDurationMs: opts.podDurationMs } };
  const host = opts.host ?? "127.0.0.1";
  const useTls = !!opts.tls;
  const pki: Pki | undefined = useTls ? createPki(host) : undefined;

  const cluster = new Cluster(spec);
  const tokens = { admin: opts.tokens?.admin ?? newToken(), readonly: opts.tokens?.readonly ?? newToken() };
  const auth = new Auth(tokens, spec.users, cluster.store);
  auth.setAnonymous(opts.anonymous);
  const requests = new RequestLog();
  let url = "";
  const api = new ApiServer(cluster, auth, requests, () => url.replace(/^https?:\/\//, ""));
  cluster.boot(pki?.ca.certPem ?? "");

  const server = useTls
    ? https.createServer({ key: pki!.server.keyPem, cert: pki!.server.certPem, ca: pki!.ca.certPem, requestCert: true, rejectUnauthorized: false }, api.handler)
    : http.createServer(api.handler);
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => { server.off("error", reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  url = `${useTls ? "https" : "http"}://${urlHost}:${port}`;
  const clusterName = spec.name ?? "kube-sim";
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (s) => { sockets.add(s); s.on("close", () => sockets.delete(s)); });
  server.on("secureConnection", (s) => { sockets.add(s); s.on("close", () => sockets.delete(s)); });

  const sim: Simulator = {
    url, tls: useTls, caPem: pki?.ca.certPem, tokens, cluster,
    kubeconfig({ user = "admin", contextName, namespace } = {}) {
      const ctx = contextName ?? clusterName;
      const clusterEntry: Record<string, string | boolean> = { server: url };
      if (pki) clusterEntry["certificate-authority-data"] = Buffer.from(pki.ca.certPem).toString("base64");
      // @kubernetes/client-node 2 refuses plain http unless the cluster says insecure-skip-tls-verify
      else clusterEntry["insecure-skip-tls-verify"] = true;
      let userEntry: Record<string, string>;
      if (user === "cert") {
        if (!pki) throw new Error("client-certificate kubeconfigs need tls: true");
        const c = pki.client("admin", ["system:masters"]);
        userEntry = { "client-certificate-data": Buffer.from(c.certPem).toString("base64"), "client-key-data": Buffer.from(c.keyPem).toString("base64") };
      } else userEntry = { token: tokens[user] };
      const userName = `${ctx}-${user}`;
      return yaml.dump({
        apiVersion: "v1", kind: "Config",
        clusters: [{ name: ctx, cluster: clusterEntry }],
        contexts: [{ name: ctx, context: { cluster: ctx, user: userName, ...(namespace ? { namespace } : {}) } }],
        "current-context": ctx,
        preferences: {},
        users: [{ name: userName, user: userEntry }],
      }, { lineWidth: -1 });
    },
    faults: {
      set: (f) => cluster.faults.set(f),
      remove: (id) => cluster.faults.remove(id),
      clear: () => cluster.faults.clear(),
      list: () => cluster.faults.list(),
    },
    objects: (kind, namespace) => cluster.objects(kind, namespace),
    deleteNode: (name) => cluster.deleteNode(name),
    addNode: (n) => { cluster.addNode(n); },
    clientCert(user, groups = []) {
      if (!pki) throw new Error("client certificates need tls: true");
      const c = pki.client(user, groups);
      return { certPem: c.certPem, keyPem: c.keyPem };
    },
    compact: () => cluster.compact(),
    requests: {
      count: (f) => requests.records.filter((r) => matches(r, f)).length,
      log: (f) => requests.records.filter((r) => matches(r, f)),
      clear: () => { requests.records = []; },
    },
    async stop() {
      cluster.shutdown();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
  return sim;
}
