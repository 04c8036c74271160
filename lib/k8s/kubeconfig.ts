import yaml from "js-yaml";
import { invalid } from "@/lib/errors";

// Validation of kubeconfigs pasted or uploaded by users. Only self-contained credentials are accepted:
// exec plugins and auth-provider entries would run programs on the dashboard's host, and file references
// (token-file, client-certificate, certificate-authority paths) would read the dashboard's own files.

export const MAX_KUBECONFIG_BYTES = 256 * 1024;

interface Named<T> {
  name?: unknown;
  [key: string]: unknown;
  value?: T;
}

export interface KubeconfigSummary {
  contexts: { name: string; cluster: string; user: string; server: string }[];
  currentContext: string | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const FORBIDDEN_USER_KEYS: Record<string, string> = {
  exec: "exec credential plugins are not supported: use a service-account token or client certificate",
  "auth-provider": "auth-provider entries are not supported: use a service-account token or client certificate",
  tokenFile: "token files on the dashboard's host are not read: paste the token itself",
  "client-certificate": "certificate files are not read: use client-certificate-data",
  "client-key": "key files are not read: use client-key-data",
};

/** Parses and validates a kubeconfig; throws a 422 naming the field for anything unusable. */
export function summarizeKubeconfig(text: string, field = "kubeconfig"): KubeconfigSummary {
  if (!text.trim()) throw invalid(field, "is empty");
  if (Buffer.byteLength(text) > MAX_KUBECONFIG_BYTES) throw invalid(field, "is larger than 256 KiB");
  let doc: unknown;
  try {
    doc = yaml.load(text, { schema: yaml.JSON_SCHEMA });
  } catch (err) {
    throw invalid(field, `is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  if (!isObj(doc)) throw invalid(field, "is not a kubeconfig (expected a YAML mapping)");
  if (doc.kind !== undefined && doc.kind !== "Config") throw invalid(field, `has kind ${String(doc.kind)}, expected Config`);
  const clusters = namedList(doc.clusters, "cluster", field);
  const users = namedList(doc.users, "user", field);
  const contexts = namedList(doc.contexts, "context", field);
  if (!contexts.size) throw invalid(field, "has no contexts");

  for (const [name, user] of users) {
    for (const [key, why] of Object.entries(FORBIDDEN_USER_KEYS)) {
      if (user[key] !== undefined) throw invalid(field, `user "${name}": ${why}`);
    }
  }
  for (const [name, cluster] of clusters) {
    if (typeof cluster.server !== "string" || !/^https?:\/\/[^\s/]+/.test(cluster.server)) {
      throw invalid(field, `cluster "${name}" has no valid server URL (http:// or https://)`);
    }
    if (cluster["certificate-authority"] !== undefined) {
      throw invalid(field, `cluster "${name}": certificate-authority files are not read: use certificate-authority-data`);
    }
  }
  const summary: KubeconfigSummary = {
    contexts: [],
    currentContext: typeof doc["current-context"] === "string" && doc["current-context"] ? doc["current-context"] : null,
  };
  for (const [name, ctx] of contexts) {
    const cluster = clusters.get(String(ctx.cluster ?? ""));
    if (!cluster) throw invalid(field, `context "${name}" refers to cluster "${String(ctx.cluster)}", which is not defined`);
    if (!users.has(String(ctx.user ?? ""))) {
      throw invalid(field, `context "${name}" refers to user "${String(ctx.user)}", which is not defined`);
    }
    summary.contexts.push({ name, cluster: String(ctx.cluster), user: String(ctx.user), server: String(cluster.server) });
  }
  return summary;
}

/** The context to use: the one asked for, else the current one, else the only one. */
export function chooseContext(summary: KubeconfigSummary, requested: string | undefined | null, field = "contextName") {
  const names = summary.contexts.map((c) => c.name);
  if (requested) {
    const found = summary.contexts.find((c) => c.name === requested);
    if (!found) throw invalid(field, `context "${requested}" is not in the kubeconfig (it has: ${names.join(", ")})`);
    return found;
  }
  const current = summary.contexts.find((c) => c.name === summary.currentContext);
  if (current) return current;
  if (summary.contexts.length === 1) return summary.contexts[0];
  throw invalid(field, `the kubeconfig has several contexts and no current-context: choose one of ${names.join(", ")}`);
}

function namedList(value: unknown, inner: string, field: string): Map<string, Obj> {
  const out = new Map<string, Obj>();
  if (value === undefined || value === null) return out;
  if (!Array.isArray(value)) throw invalid(field, `"${inner}s" must be a list`);
  for (const item of value as Named<unknown>[]) {
    if (!isObj(item) || typeof item.name !== "string" || !item.name) throw invalid(field, `every entry of "${inner}s" needs a name`);
    const body = item[inner];
    if (!isObj(body)) throw invalid(field, `${inner} "${item.name}" has no "${inner}" section`);
    out.set(item.name, body);
  }
  return out;
}
