import { ApiException, KubeConfig } from "@kubernetes/client-node";
import { decryptSecret } from "@/lib/crypto";
import type { Cluster } from "@/lib/db";

// How the product reaches a cluster's API server: always through @kubernetes/client-node, from the stored
// (encrypted) kubeconfig and context, or from the in-cluster service account when the dashboard runs
// inside the cluster it scans.

export const kubeconfigAad = (clusterId: string) => `cluster:${clusterId}:kubeconfig`;

/**
 * client-node 2 builds a new undici Agent (a new connection pool) for every request to a TLS cluster, so
 * no connection is reused: every call pays a TLS handshake and leaves an idle socket behind, which on a
 * 5,000-node scan means thousands of handshakes and sockets. One pool per KubeConfig and context fixes it;
 * the credentials of a KubeConfig are static here (exec plugins are refused at registration).
 */
class PooledKubeConfig extends KubeConfig {}
type CreateDispatcher = (cluster: unknown, agentOptions: unknown) => unknown;
const createDispatcher = (KubeConfig.prototype as unknown as { createDispatcher: CreateDispatcher }).createDispatcher;
(PooledKubeConfig.prototype as unknown as { createDispatcher: CreateDispatcher }).createDispatcher = function (
  this: KubeConfig & { __pools?: Map<string, unknown> },
  cluster,
  agentOptions,
) {
  const pools = (this.__pools ??= new Map());
  const key = this.getCurrentContext();
  if (!pools.has(key)) pools.set(key, createDispatcher.call(this, cluster, agentOptions));
  return pools.get(key);
};

export function kubeConfigFromYaml(kubeconfig: string, contextName: string): KubeConfig {
  const kc = new PooledKubeConfig();
  kc.loadFromString(kubeconfig);
  kc.setCurrentContext(contextName);
  return kc;
}

export function inClusterKubeConfig(): KubeConfig {
  const kc = new PooledKubeConfig();
  kc.loadFromCluster();
  return kc;
}

export const runningInCluster = () => Boolean(process.env.KUBERNETES_SERVICE_HOST && process.env.KUBERNETES_SERVICE_PORT);

export function kubeConfigFor(cluster: Pick<Cluster, "id" | "auth" | "kubeconfigEnc" | "contextName">): KubeConfig {
  if (cluster.auth === "IN_CLUSTER") return inClusterKubeConfig();
  if (!cluster.kubeconfigEnc || !cluster.contextName) throw new Error(`Cluster ${cluster.id} has no kubeconfig`);
  return kubeConfigFromYaml(decryptSecret(cluster.kubeconfigEnc, kubeconfigAad(cluster.id)), cluster.contextName);
}

/** A one-line, user-facing explanation of a failed Kubernetes call. */
export function describeK8sError(err: unknown): string {
  if (err instanceof ApiException) {
    const body = typeof err.body === "string" ? safeJson(err.body) : err.body;
    const message = (body as { message?: string } | undefined)?.message;
    if (err.code === 401) return `the API server refused the credentials (401 Unauthorized)${message ? `: ${message}` : ""}`;
    if (err.code === 403) return `the credentials are not allowed to do this (403 Forbidden)${message ? `: ${message}` : ""}`;
    return `the API server answered ${err.code}${message ? `: ${message}` : ""}`;
  }
  const e = err as { code?: string; cause?: { code?: string; message?: string }; message?: string };
  const code = e?.cause?.code ?? e?.code;
  const detail = e?.cause?.message ?? e?.message ?? String(err);
  return code ? `${code}: ${detail}` : detail;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 200) };
  }
}

/** Rejects after `ms` so that a black-holed API server never hangs a request. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
