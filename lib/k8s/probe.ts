import { CoreV1Api, VersionApi, type KubeConfig, type V1Node } from "@kubernetes/client-node";
import { describeK8sError, withTimeout } from "./client";
import { detectProvider, summarizeNodes, type NodeSummary, type Provider } from "./nodes";

export interface ProbeResult {
  version: string;
  provider: Provider;
  nodes: NodeSummary;
}

export class ProbeError extends Error {}

export const PROBE_TIMEOUT_MS = 15_000;

/** Every node of the cluster, a page at a time (large clusters answer in pages of 500). */
export async function listAllNodes(kc: KubeConfig): Promise<V1Node[]> {
  const core = kc.makeApiClient(CoreV1Api);
  const nodes: V1Node[] = [];
  let cont: string | undefined;
  do {
    const page = await core.listNode({ limit: 500, _continue: cont });
    nodes.push(...page.items);
    cont = page.metadata?._continue || undefined;
  } while (cont);
  return nodes;
}

/** Connects, reads the server version and the nodes; explains failures in one line. */
export async function probeCluster(kc: KubeConfig, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  const server = kc.getCurrentCluster()?.server ?? "the API server";
  try {
    return await withTimeout(
      (async () => {
        const info = await kc.makeApiClient(VersionApi).getCode();
        const nodes = await listAllNodes(kc);
        return { version: info.gitVersion, provider: detectProvider(info.gitVersion, nodes), nodes: summarizeNodes(nodes) };
      })(),
      timeoutMs,
      `Connecting to ${server}`,
    );
  } catch (err) {
    throw new ProbeError(`Could not use ${server}: ${describeK8sError(err)}`);
  }
}
