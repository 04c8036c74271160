import type { NodeRole, Provider } from "@/lib/k8s/nodes";

// Benchmarks are data: the benchmark id kube-bench knows, the image and command that run it, the
// kube-bench targets each node role runs, and which clusters it fits. Adding a newer benchmark is adding
// an entry here (and its profiles in lib/profiles.ts).

export interface Benchmark {
  id: string;
  title: string;
  /** Image that carries this benchmark's definitions (a registry prefix can be set with SCAN_IMAGE_REGISTRY). */
  image: string;
  /** kube-bench invocation before --targets/--benchmark/--json. */
  command: string[];
  /** kube-bench targets run on a node of each role. */
  targets: Record<NodeRole, string[]>;
  /** Which report node type a Controls `node_type` belongs to. */
  nodeTypes: Record<string, NodeRole>;
  providers: Provider[];
  /** Kubernetes minor versions it was written for, inclusive ("1.13"). */
  kubernetes: { min: string; max: string };
}

export const BENCHMARKS: Benchmark[] = [
  {
    id: "rke-cis-1.4",
    title: "CIS Kubernetes Benchmark 1.4 (RKE)",
    image: "docker.io/rancher/security-scan:v0.2.2",
    command: ["kube-bench", "run"],
    targets: { controlplane: ["master"], etcd: ["etcd"], worker: ["node"] },
    nodeTypes: { master: "controlplane", controlplane: "controlplane", policies: "controlplane", etcd: "etcd", node: "worker" },
    providers: ["rke"],
    kubernetes: { min: "1.13", max: "1.15" },
  },
  // Upstream CIS benchmarks for self-managed (kubeadm-style) clusters, as kube-bench's version mapping
  // assigns them. etcd runs on the control-plane nodes there, so those nodes run the etcd target too.
  ...(["cis-1.8", "cis-1.9"] as const).map((id) => ({
    id,
    title: `CIS Kubernetes Benchmark ${id.slice(4)}`,
    image: "docker.io/aquasec/kube-bench:v0.15.6",
    command: ["kube-bench", "run"],
    targets: { controlplane: ["master", "controlplane", "policies", "etcd"], etcd: ["etcd"], worker: ["node"] },
    nodeTypes: { master: "controlplane", controlplane: "controlplane", policies: "controlplane", etcd: "etcd", node: "worker" } as Record<string, NodeRole>,
    providers: ["generic"] as Provider[],
    kubernetes: id === "cis-1.8" ? { min: "1.26", max: "1.26" } : { min: "1.27", max: "1.29" },
  })),
];

export function findBenchmark(id: string): Benchmark | undefined {
  return BENCHMARKS.find((b) => b.id === id);
}

/** The image to run, honouring an air-gapped registry mirror (SCAN_IMAGE_REGISTRY=registry.local:5000). */
export function scanImage(benchmark: Benchmark, override?: string | null): string {
  if (override) return override;
  const registry = process.env.SCAN_IMAGE_REGISTRY?.replace(/\/+$/, "");
  if (!registry) return benchmark.image;
  const withoutRegistry = benchmark.image.replace(/^[^/]+\.[^/]+\//, "");
  return `${registry}/${withoutRegistry}`;
}

/** kube-bench targets for a node with these roles (a node with several roles runs each role's targets). */
export function targetsFor(benchmark: Benchmark, roles: NodeRole[]): string[] {
  return [...new Set(roles.flatMap((r) => benchmark.targets[r]))];
}

export function kubeBenchArgs(benchmark: Benchmark, targets: string[]): string[] {
  return [...benchmark.command, "--targets", targets.join(","), "--benchmark", benchmark.id, "--json"];
}

function minor(version: string): number | null {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m ? Number(m[1]) * 1000 + Number(m[2]) : null;
}

/** Does the benchmark fit a cluster of this provider and Kubernetes version? */
export function benchmarkFits(benchmark: Benchmark, provider: string | null, version: string | null): boolean {
  if (provider && !benchmark.providers.includes(provider as Provider)) return false;
  const v = version ? minor(version) : null;
  if (v === null) return true;
  return v >= minor(benchmark.kubernetes.min)! && v <= minor(benchmark.kubernetes.max)!;
}
