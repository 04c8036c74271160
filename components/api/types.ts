// The JSON shapes the API returns (dates arrive as ISO strings).
import { PROVIDER_LABELS, type NodeRole, type NodeSummary, type Provider } from "@/lib/k8s/nodes";
import type { CheckState, Counts } from "@/lib/scans/aggregate";
import type { SkipSource } from "@/lib/scans/skips";

// Shapes the server defines itself are imported from lib (types only), not written again here.
export type { CheckState, NodeSummary, SkipSource };
export type ScanCounts = Counts;
export type NodeRoleId = NodeRole;

export type GlobalRole = "ADMIN" | "USER";
export type ClusterRole = "OWNER" | "MEMBER";
export type MyClusterRole = ClusterRole | "ADMIN";
export type ProviderId = Provider;


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

// ---------- CIS scans ----------
export type ScanState = "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";
export type ScanTrigger = "MANUAL" | "SCHEDULED" | "IMPORTED";
export type NodeScanState = "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "NOT_SCANNED" | "CANCELLED";
export type NodeCheckState = "PASS" | "FAIL" | "WARN" | "INFO" | "NO_RESULT";

export interface SkipEntry {
  id: string;
  reason: string;
}

export interface ScanProfile {
  id: string;
  name: string;
  benchmarkId: string;
  description: string;
  builtIn: boolean;
  skips: SkipEntry[];
}

export interface ClusterProfile extends ScanProfile {
  benchmarkTitle: string;
  fits: boolean;
}

export interface BenchmarkInfo {
  id: string;
  title: string;
  providers: string[];
  kubernetes: { min: string; max: string };
  image: string;
}

export interface SkipPreview {
  profile: { id: string; name: string };
  benchmark: { id: string; title: string };
  skips: { id: string; source: SkipSource; reason: string }[];
  warning: string | null;
}

export interface ScanSummary extends ScanCounts {
  id: string;
  name: string;
  profileId: string;
  profileName: string;
  benchmarkId: string;
  trigger: ScanTrigger;
  state: ScanState;
  cancelRequested: boolean;
  nodesTotal: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  scheduleId: string | null;
  error: string | null;
  requestedBy: { id: string; name: string; email: string } | null;
}

export interface ScanDetail extends ScanSummary {
  skips: { id: string; source: SkipSource; reason: string }[];
  warnings: string[];
  timeoutSeconds: number;
  deadlineAt: string | null;
  image: string | null;
  nodeStates: Partial<Record<NodeScanState, number>>;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ScanNodeRow {
  name: string;
  roles: NodeRoleId[];
  os: string;
  targets: string[];
  state: NodeScanState;
  reason: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ReportCheck {
  id: string;
  description: string;
  remediation: string;
  state: CheckState;
  reason: string | null;
  skipSource: SkipSource | null;
  nodeTypes: NodeRoleId[];
  section: string;
  nodesCount: number;
  passedCount: number;
  failedCount: number;
}

export interface Report {
  scan: {
    id: string;
    name: string;
    clusterName: string;
    profileName: string;
    benchmarkId: string;
    trigger: ScanTrigger;
    state: ScanState;
    warnings: string[];
    createdAt: string;
    startedAt: string | null;
    finishedAt: string | null;
    counts: ScanCounts;
  };
  checks: ReportCheck[];
  total: number;
  page: number;
  pageSize: number;
}

export interface CheckNodes {
  check: { id: string; description: string; remediation: string; nodeTypes: NodeRoleId[] };
  nodes: { name: string; roles: NodeRoleId[]; state: NodeCheckState; actualValue: string | null; nodeReason: string | null }[];
  total: number;
  page: number;
  pageSize: number;
}

export interface UserSkips {
  benchmark: string;
  ids: string[];
  warning: string | null;
}
