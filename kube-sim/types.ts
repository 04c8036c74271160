// Public types of the Kubernetes API simulator: the cluster spec and the fault specs.

export type OutputShape = "current" | "array" | "lines";
export type NodeRole = "controlplane" | "etcd" | "worker";
export type Provider = "rke" | "rke2" | "k3s" | "kubeadm" | "eks" | "gke" | "aks";

export interface Taint {
  key: string;
  value?: string;
  effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** Faults that act on one node (or on every node when `node` is omitted in a cluster-level fault). */
export type NodeFaultType =
  | "imagePull" // container waits ErrImagePull -> ImagePullBackOff, pod stays Pending forever
  | "unschedulable" // node is cordoned (spec.unschedulable + node.kubernetes.io/unschedulable taint)
  | "notReady" // kubelet stops posting status: Ready=Unknown, not-ready/unreachable taints, pods bound there never start
  | "exitError" // container prints kube-bench [FAIL] config error lines and exits 1
  | "malformedJson" // stdout is kube-bench's output with a JSON syntax error injected
  | "truncatedJson" // stdout is cut at 60%
  | "hugeOutput" // ~10 MB of VALID JSON (actual_value strings padded)
  | "slow" // container runs forever
  | "deleteMidScan"; // node object is deleted while the scan pod runs (pod GC then fails/deletes the pod)

export type ApiFaultType = "apiError500" | "apiError429" | "dropWatches" | "latencyMs";
export type FaultType = NodeFaultType | ApiFaultType;

export interface FaultSpec {
  type: FaultType;
  /** Node faults: the node name (omitted = every node). */
  node?: string;
  /** deleteMidScan: ms after the container started running (default: half the pod duration). */
  afterMs?: number;
  /** hugeOutput: target size in bytes (default 10 MiB). */
  bytes?: number;
  /** API faults: only requests whose path contains this string (or matches it, when it starts with "^"). */
  path?: string;
  /** API faults: only this Kubernetes verb (get, list, watch, create, update, patch, delete, deletecollection) or HTTP method. */
  verb?: string;
  /** API faults: probability 0..1 that a matching request is hit (default 1). */
  probability?: number;
  /** API faults: hit only the next N matching requests, then the fault removes itself. */
  count?: number;
  /** apiError429: Retry-After seconds (default 1). */
  retryAfterSeconds?: number;
  /** latencyMs: added latency per matching request. */
  ms?: number;
  /** dropWatches: close each watch after this many events sent... */
  afterEvents?: number;
  /** ...and/or after this many ms (afterMs is shared with deleteMidScan). */
  id?: string;
}

export interface NodeSpec {
  name: string;
  roles?: NodeRole[];
  os?: "linux" | "windows";
  arch?: string;
  kubeletVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Replaces the provider's default role taints when given. */
  taints?: Taint[];
  unschedulable?: boolean;
  internalIP?: string;
  externalIP?: string;
  hardened?: boolean;
  failChecks?: string[];
  passChecks?: string[];
  /** Scan pod run time on this node. */
  durationMs?: number;
  faults?: (NodeFaultType | Omit<FaultSpec, "node">)[];
  outputShape?: OutputShape;
}

export interface ClusterTiming {
  /** Pod run time range [min, max] ms when the node gives none (default [300, 800]). */
  podDurationMs?: number | [number, number];
  /** Delay scheduled -> Running (image pull + container start), default 30 ms. */
  startDelayMs?: number;
  /** Job controller back-off base for recreating failed pods (real: 10 s), default 100 ms, doubled per failure. */
  jobBackoffBaseMs?: number;
  /** Pod GC: delay before pods bound to a missing node are failed and deleted (real: ~40 s), default 500 ms. */
  podGcDelayMs?: number;
  /** Graceful pod deletion: time a running pod stays Terminating (real: up to terminationGracePeriodSeconds), default 50 ms. */
  podTerminationMs?: number;
  /** Interval between watch BOOKMARK events (real: ~1 min), default 5000 ms. */
  bookmarkIntervalMs?: number;
  /** ImagePullBackOff follows ErrImagePull after this delay, default 100 ms. */
  imagePullBackOffMs?: number;
}

export interface ClusterSpec {
  name?: string;
  provider?: Provider;
  /** Server gitVersion (/version). Defaults per provider (RKE: v1.14.10). */
  version?: string;
  seed?: string | number;
  hardened?: boolean;
  outputShape?: OutputShape;
  nodes: NodeSpec[];
  faults?: FaultSpec[];
  /** Extra namespaces created at start. */
  namespaces?: string[];
  /** Events (core/v1 Event objects) from scheduler/kubelet/job controller. Default: true below 100 nodes. */
  events?: boolean;
  /** Watch history window per resource type (events kept for resourceVersion resume), default 5000. */
  watchHistorySize?: number;
  /** Extra bearer-token users: authorized by the stored RBAC objects. */
  users?: { name: string; token: string; groups?: string[] }[];
  timing?: ClusterTiming;
  /** Default pod duration, same as timing.podDurationMs. */
  podDurationMs?: number | [number, number];
}

/** A Kubernetes object as stored (plain JSON). */
export type KObject = {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    deletionGracePeriodSeconds?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: OwnerReference[];
    finalizers?: string[];
    generateName?: string;
    [k: string]: unknown;
  };
  [k: string]: any;
};

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}
