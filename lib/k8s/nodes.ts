import type { V1Node } from "@kubernetes/client-node";

// What a node is, read the way Kubernetes distributions label it.

export type NodeRole = "controlplane" | "etcd" | "worker";
export type Provider = "rke" | "rke2" | "k3s" | "eks" | "gke" | "aks" | "generic";

export const PROVIDER_LABELS: Record<Provider, string> = {
  rke: "RKE",
  rke2: "RKE2",
  k3s: "k3s",
  eks: "Amazon EKS",
  gke: "Google GKE",
  aks: "Azure AKS",
  generic: "Kubernetes",
};

const ROLE_PREFIX = "node-role.kubernetes.io/";

export function nodeRoles(node: V1Node): NodeRole[] {
  const labels = node.metadata?.labels ?? {};
  const roles = new Set<NodeRole>();
  for (const [key, value] of Object.entries(labels)) {
    if (!key.startsWith(ROLE_PREFIX)) continue;
    // RKE sets "=true"; kubeadm sets an empty value. "false" means the role is off.
    if (value === "false") continue;
    const role = key.slice(ROLE_PREFIX.length);
    if (role === "controlplane" || role === "control-plane" || role === "master") roles.add("controlplane");
    else if (role === "etcd") roles.add("etcd");
    else if (role === "worker") roles.add("worker");
  }
  // Nodes without a control-plane or etcd role run workloads (kubeadm does not label workers).
  if (!roles.size) roles.add("worker");
  return [...roles].sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b));
}

export const ROLE_ORDER: NodeRole[] = ["controlplane", "etcd", "worker"];

export function nodeOs(node: V1Node): string {
  return node.metadata?.labels?.["kubernetes.io/os"] ?? node.status?.nodeInfo?.operatingSystem ?? "linux";
}

export function detectProvider(serverVersion: string, nodes: V1Node[]): Provider {
  const versions = [serverVersion, ...nodes.map((n) => n.status?.nodeInfo?.kubeletVersion ?? "")];
  const anyVersion = (re: RegExp) => versions.some((v) => re.test(v));
  const anyLabel = (prefix: string) =>
    nodes.some((n) => Object.keys({ ...n.metadata?.labels, ...n.metadata?.annotations }).some((k) => k.startsWith(prefix)));
  if (anyVersion(/\+k3s/) || anyLabel("k3s.io/")) return "k3s";
  if (anyVersion(/\+rke2/) || anyLabel("rke2.io/")) return "rke2";
  if (anyVersion(/-eks-/) || anyLabel("eks.amazonaws.com/")) return "eks";
  if (anyVersion(/-gke\./) || anyLabel("cloud.google.com/gke-")) return "gke";
  if (anyLabel("kubernetes.azure.com/")) return "aks";
  if (anyLabel("rke.cattle.io/") || anyVersion(/-rancher\d/)) return "rke";
  return "generic";
}

export interface NodeSummary {
  total: number;
  roles: Record<NodeRole, number>;
  windows: number;
}

export function summarizeNodes(nodes: V1Node[]): NodeSummary {
  const summary: NodeSummary = { total: nodes.length, roles: { controlplane: 0, etcd: 0, worker: 0 }, windows: 0 };
  for (const node of nodes) {
    for (const role of nodeRoles(node)) summary.roles[role]++;
    if (nodeOs(node) === "windows") summary.windows++;
  }
  return summary;
}
