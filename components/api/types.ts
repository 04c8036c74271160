// The JSON shapes the API returns (dates arrive as ISO strings).
import { PROVIDER_LABELS, type Provider } from "@/lib/k8s/nodes";

export type GlobalRole = "ADMIN" | "USER";
export type ClusterRole = "OWNER" | "MEMBER";
export type MyClusterRole = ClusterRole | "ADMIN";
export type ProviderId = Provider;

export interface NodeSummary {
  total: number;
  roles: { controlplane: number; etcd: number; worker: number };
  windows: number;
}

export interface Cluster {
  id: string;
  name: string;
  description: string;
  auth: "KUBECONFIG" | "IN_CLUSTER";
  server: string;
  contextName: string | null;
  simulated: boolean;
  version: string | null;
  provider: ProviderId | string | null;
  nodeCount: number | null;
  nodeSummary: NodeSummary | null;
  lastCheckedAt: string | null;
  lastError: string | null;
  createdAt: string;
  myRole: MyClusterRole | null;
}

export interface Probe {
  version: string;
  provider: ProviderId;
  nodes: NodeSummary;
}

export interface Inspection {
  contexts: { name: string; server: string }[];
  context: string;
  probe: Probe;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: GlobalRole;
  createdAt: string;
}

export interface Member {
  role: ClusterRole;
  createdAt: string;
  user: { id: string; email: string; name: string };
}

export interface Me {
  id: string;
  email: string;
  name: string;
  role: GlobalRole;
}

export const providerLabel = (p: string | null | undefined) =>
  p ? (PROVIDER_LABELS[p as ProviderId] ?? p) : "Unknown";

export const canManage = (role: MyClusterRole | null | undefined) => role === "OWNER" || role === "ADMIN";

export const ROLE_LABELS: Record<MyClusterRole, string> = { ADMIN: "Administrator", OWNER: "Owner", MEMBER: "Member" };
