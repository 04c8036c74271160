import { ApiException, BatchV1Api, CoreV1Api, type KubeConfig, type V1Job, type V1Pod, type V1Taint } from "@kubernetes/client-node";
import { withRetry } from "./retry";

// The scan's Kubernetes objects: one Job per node in namespace security-scan, pinned to that node,
// tolerating its taints, with the host's process table and the read-only host paths kube-bench reads,
// and no service-account token.

export const SCAN_NAMESPACE = "security-scan";
export const SCAN_LABEL = "cis-scans.io/scan";
export const NODE_ANNOTATION = "cis-scans.io/node";
const MANAGED_BY = { "app.kubernetes.io/managed-by": "cis-scans", "app.kubernetes.io/name": "kube-bench" };

/** Host paths kube-bench reads, mounted read-only at the same path (the host's /usr/bin for version detection). */
export const HOST_PATHS: { hostPath: string; mountPath: string }[] = [
  ...[
    "/etc/kubernetes",
    "/var/lib/etcd",
    "/var/lib/kubelet",
    "/var/lib/cni",
    "/etc/cni/net.d",
    "/opt/cni/bin",
    "/etc/systemd",
    "/lib/systemd",
    "/srv/kubernetes",
    "/etc/passwd",
    "/etc/group",
    "/var/lib/rancher",
    "/etc/rancher",
  ].map((p) => ({ hostPath: p, mountPath: p })),
  { hostPath: "/usr/bin", mountPath: "/usr/local/mount-from-host/bin" },
];

export interface ScanJobInput {
  scanId: string;
  jobName: string;
  nodeName: string;
  taints: V1Taint[];
  image: string;
  args: string[];
  timeoutSeconds: number;
}

export function scanJobName(scanId: string, nodeId: number): string {
  return `cis-${scanId.slice(-10).toLowerCase()}-${nodeId}`;
}

export function scanJobSpec(input: ScanJobInput): V1Job {
  const labels = { ...MANAGED_BY, [SCAN_LABEL]: input.scanId };
  const [command, ...args] = input.args;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: input.jobName, namespace: SCAN_NAMESPACE, labels, annotations: { [NODE_ANNOTATION]: input.nodeName } },
    spec: {
      backoffLimit: 0,
      // A safety net past the scan's own deadline, which ends the scan first and says which nodes timed out.
      activeDeadlineSeconds: input.timeoutSeconds + 60,
      ttlSecondsAfterFinished: 600,
      template: {
        metadata: { labels, annotations: { [NODE_ANNOTATION]: input.nodeName } },
        spec: {
          restartPolicy: "Never",
          hostPID: true,
          automountServiceAccountToken: false,
          // Pinned the way DaemonSets pin pods: through the scheduler, to exactly this node.
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [input.nodeName] }] }],
              },
            },
          },
          // The node's own taints (RKE's controlplane/etcd, kubeadm's control-plane), but not the ones
          // Kubernetes sets for conditions (not-ready, unreachable, cordoned, pressure): a pod there would
          // never run, and an "unschedulable" reason tells the administrator more than a timeout.
          tolerations: input.taints
            .filter((t) => !t.key.startsWith("node.kubernetes.io/"))
            .map((t) => ({ key: t.key, operator: t.value ? "Equal" : "Exists", value: t.value || undefined, effect: t.effect })),
          containers: [
            {
              name: "kube-bench",
              image: input.image,
              command: [command],
              args,
              imagePullPolicy: "IfNotPresent",
              securityContext: { readOnlyRootFilesystem: false, allowPrivilegeEscalation: false },
              resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "512Mi" } },
              volumeMounts: HOST_PATHS.map((p, i) => ({ name: `host-${i}`, mountPath: p.mountPath, readOnly: true })),
            },
          ],
          volumes: HOST_PATHS.map((p, i) => ({ name: `host-${i}`, hostPath: { path: p.hostPath } })),
        },
      },
    },
  };
}

export async function ensureNamespace(kc: KubeConfig): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  try {
    await withRetry(() => core.readNamespace({ name: SCAN_NAMESPACE }));
  } catch (err) {
    if (!(err instanceof ApiException && err.code === 404)) throw err;
    try {
      await withRetry(() =>
        core.createNamespace({ body: { metadata: { name: SCAN_NAMESPACE, labels: { "app.kubernetes.io/managed-by": "cis-scans" } } } }),
      );
    } catch (e) {
      if (!(e instanceof ApiException && e.code === 409)) throw e;
    }
  }
}

/** Creates the Job; an existing one of the same name (a retry after a restart) counts as created. */
export async function createScanJob(kc: KubeConfig, input: ScanJobInput): Promise<void> {
  const batch = kc.makeApiClient(BatchV1Api);
  try {
    await withRetry(() => batch.createNamespacedJob({ namespace: SCAN_NAMESPACE, body: scanJobSpec(input) }));
  } catch (err) {
    if (!(err instanceof ApiException && err.code === 409)) throw err;
  }
}

export async function deleteScanJob(kc: KubeConfig, name: string): Promise<void> {
  const batch = kc.makeApiClient(BatchV1Api);
  try {
    await withRetry(() => batch.deleteNamespacedJob({ name, namespace: SCAN_NAMESPACE, propagationPolicy: "Background" }));
  } catch (err) {
    if (!(err instanceof ApiException && err.code === 404)) throw err;
  }
}

/** Deletes every Job and pod of a scan (after success, failure, cancel or deadline). */
export async function deleteScanObjects(kc: KubeConfig, scanId: string): Promise<void> {
  const batch = kc.makeApiClient(BatchV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const labelSelector = `${SCAN_LABEL}=${scanId}`;
  await withRetry(() =>
    batch.deleteCollectionNamespacedJob({ namespace: SCAN_NAMESPACE, labelSelector, propagationPolicy: "Background" }),
  ).catch(async () => {
    // Servers without deletecollection: one by one.
    const jobs = await withRetry(() => batch.listNamespacedJob({ namespace: SCAN_NAMESPACE, labelSelector }));
    for (const job of jobs.items) await deleteScanJob(kc, job.metadata!.name!);
  });
  const pods = await withRetry(() => core.listNamespacedPod({ namespace: SCAN_NAMESPACE, labelSelector }));
  for (const pod of pods.items) {
    await withRetry(() => core.deleteNamespacedPod({ name: pod.metadata!.name!, namespace: SCAN_NAMESPACE })).catch((err) => {
      if (!(err instanceof ApiException && err.code === 404)) throw err;
    });
  }
}

const MAX_LOG_BYTES = 64 * 1024 * 1024;

/** The kube-bench container's output (limited to 64 MiB). */
export async function readScanLog(kc: KubeConfig, podName: string): Promise<string> {
  const core = kc.makeApiClient(CoreV1Api);
  return withRetry(() => core.readNamespacedPodLog({ name: podName, namespace: SCAN_NAMESPACE, container: "kube-bench", limitBytes: MAX_LOG_BYTES }));
}

export type PodOutcome =
  | { kind: "pending"; reason?: string; stuck?: string }
  | { kind: "running" }
  | { kind: "succeeded" }
  | { kind: "failed"; reason: string };

/** Reads a scan pod's status the way an administrator would with kubectl describe. */
export function podOutcome(pod: V1Pod): PodOutcome {
  const status = pod.status;
  const container = status?.containerStatuses?.find((c) => c.name === "kube-bench") ?? status?.containerStatuses?.[0];
  const terminated = container?.state?.terminated;
  if (status?.phase === "Succeeded") return { kind: "succeeded" };
  if (status?.phase === "Failed") {
    const disruption = status.conditions?.find((c) => c.type === "DisruptionTarget" && c.status === "True");
    if (disruption?.reason === "DeletionByPodGC") {
      return { kind: "failed", reason: `the node was removed from the cluster during the scan (${disruption.message ?? "pod garbage-collected"})` };
    }
    if (terminated) {
      return { kind: "failed", reason: `kube-bench exited with code ${terminated.exitCode}${terminated.reason ? ` (${terminated.reason})` : ""}${terminated.message ? `: ${terminated.message}` : ""}` };
    }
    return { kind: "failed", reason: [status.reason, status.message].filter(Boolean).join(": ") || "the pod failed" };
  }
  if (status?.phase === "Running") return { kind: "running" };
  const waiting = container?.state?.waiting;
  if (waiting && ["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull"].includes(waiting.reason ?? "")) {
    return { kind: "pending", stuck: `image pull failed (${waiting.reason}): ${waiting.message ?? pod.spec?.containers?.[0]?.image}` };
  }
  if (waiting && ["CreateContainerConfigError", "CreateContainerError", "RunContainerError"].includes(waiting.reason ?? "")) {
    return { kind: "pending", stuck: `the container could not start (${waiting.reason}): ${waiting.message ?? ""}`.trim() };
  }
  const scheduled = status?.conditions?.find((c) => c.type === "PodScheduled");
  if (scheduled?.status === "False" && scheduled.reason === "Unschedulable") {
    return { kind: "pending", stuck: `unschedulable: ${scheduled.message ?? "no node can run the pod"}` };
  }
  return { kind: "pending", reason: waiting?.reason };
}
