// Cluster presets and the translation of a NodeSpec into a core/v1 Node object the way each distribution labels it.
import type { ClusterSpec, KObject, NodeRole, NodeSpec, Provider, Taint } from "./types";
import { hashString } from "./util";

export const DEFAULT_VERSIONS: Record<Provider, string> = {
  rke: "v1.14.10", rke2: "v1.28.10+rke2r1", k3s: "v1.28.10+k3s1", kubeadm: "v1.32.0",
  eks: "v1.29.3-eks-ae9a62a", gke: "v1.29.4-gke.1043002", aks: "v1.29.2",
};

export function presetSpec(preset: string): ClusterSpec {
  const [name, arg] = preset.split(":");
  const n = arg === undefined ? undefined : Number(arg);
  if (arg !== undefined && !(Number.isInteger(n) && n! >= 0)) throw new Error(`bad preset argument: ${preset}`);
  const node = (nm: string, roles: NodeRole[], extra: Partial<NodeSpec> = {}): NodeSpec => ({ name: nm, roles, ...extra });
  switch (name) {
    case "rke-3":
      return { name: "rke-3", provider: "rke", nodes: [node("controlplane-1", ["controlplane"]), node("etcd-1", ["etcd"]), node("worker-1", ["worker"])] };
    case "rke-ha": {
      const workers = n ?? 3;
      return {
        name: "rke-ha", provider: "rke",
        nodes: [1, 2, 3].map((i) => node(`master-${i}`, ["controlplane", "etcd"])).concat(Array.from({ length: workers }, (_, i) => node(`worker-${i + 1}`, ["worker"]))),
      };
    }
    case "mixed-windows": {
      const s = presetSpec("rke-3");
      s.name = "mixed-windows";
      s.nodes.push(node("windows-worker-1", ["worker"], { os: "windows" }), node("windows-worker-2", ["worker"], { os: "windows" }));
      return s;
    }
    case "large": {
      const total = n ?? 100;
      const nodes: NodeSpec[] = [];
      const width = String(total).length;
      for (let i = 0; i < total; i++) {
        if (i < 3) nodes.push(node(`controlplane-${i + 1}`, ["controlplane"]));
        else if (i < 6) nodes.push(node(`etcd-${i - 2}`, ["etcd"]));
        else nodes.push(node(`worker-${String(i - 5).padStart(width, "0")}`, ["worker"]));
      }
      return { name: `large-${total}`, provider: "rke", nodes, events: false };
    }
    case "kubeadm-3": case "rke2-3": case "k3s-3": {
      const provider = name.split("-")[0] as Provider;
      return { name, provider, nodes: [node("server-1", ["controlplane", "etcd"]), node("agent-1", ["worker"]), node("agent-2", ["worker"])] };
    }
    case "eks-3": case "gke-3": case "aks-3": {
      const provider = name.split("-")[0] as Provider;
      return { name, provider, nodes: [1, 2, 3].map((i) => node(`${provider}-node-${i}`, ["worker"])) };
    }
    default:
      throw new Error(`unknown preset "${preset}" (known: rke-3, rke-ha[:N], mixed-windows, large:N, kubeadm-3, rke2-3, k3s-3, eks-3, gke-3, aks-3)`);
  }
}

function defaultTaints(provider: Provider, roles: NodeRole[]): Taint[] {
  const cp = roles.includes("controlplane"), etcd = roles.includes("etcd"), worker = roles.includes("worker");
  if (worker) return [];
  if (provider === "rke") {
    const t: Taint[] = [];
    if (cp) t.push({ key: "node-role.kubernetes.io/controlplane", value: "true", effect: "NoSchedule" });
    if (etcd) t.push({ key: "node-role.kubernetes.io/etcd", value: "true", effect: "NoExecute" });
    return t;
  }
  if (provider === "kubeadm" && cp) return [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }];
  return [];
}

function roleLabels(provider: Provider, roles: NodeRole[]): Record<string, string> {
  const l: Record<string, string> = {};
  const cp = roles.includes("controlplane"), etcd = roles.includes("etcd"), worker = roles.includes("worker");
  switch (provider) {
    case "rke":
      if (cp) l["node-role.kubernetes.io/controlplane"] = "true";
      if (etcd) l["node-role.kubernetes.io/etcd"] = "true";
      if (worker) l["node-role.kubernetes.io/worker"] = "true";
      break;
    case "rke2": case "k3s":
      if (cp) { l["node-role.kubernetes.io/control-plane"] = "true"; l["node-role.kubernetes.io/master"] = "true"; }
      if (etcd) l["node-role.kubernetes.io/etcd"] = "true";
      break;
    case "kubeadm":
      if (cp) l["node-role.kubernetes.io/control-plane"] = "";
      break;
    default:
      break; // managed services: no role labels
  }
  return l;
}

export function nodeIPs(index: number) {
  return { internal: `10.0.${Math.floor(index / 250)}.${(index % 250) + 4}`, external: `172.16.${Math.floor(index / 250)}.${(index % 250) + 4}` };
}

export function buildNode(spec: NodeSpec, cluster: ClusterSpec, index: number, version: string, createdAt: string, uid: string): KObject {
  const provider = cluster.provider ?? "rke";
  const roles = spec.roles ?? ["worker"];
  const os = spec.os ?? "linux";
  const arch = spec.arch ?? "amd64";
  const kubeletVersion = spec.kubeletVersion ?? version;
  const ips = nodeIPs(index);
  const internalIP = spec.internalIP ?? ips.internal;
  const externalIP = spec.externalIP ?? ips.external;
  const labels: Record<string, string> = {
    "beta.kubernetes.io/arch": arch, "beta.kubernetes.io/os": os,
    "kubernetes.io/arch": arch, "kubernetes.io/hostname": spec.name, "kubernetes.io/os": os,
    ...roleLabels(provider, roles),
  };
  const annotations: Record<string, string> = { "node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true" };
  switch (provider) {
    case "rke":
      annotations["rke.cattle.io/external-ip"] = externalIP;
      annotations["rke.cattle.io/internal-ip"] = internalIP;
      break;
    case "rke2":
      labels["node.kubernetes.io/instance-type"] = "rke2";
      annotations["rke2.io/hostname"] = spec.name;
      annotations["rke2.io/internal-ip"] = internalIP;
      annotations["rke2.io/node-args"] = JSON.stringify(["server"]);
      break;
    case "k3s":
      labels["node.kubernetes.io/instance-type"] = "k3s";
      annotations["k3s.io/hostname"] = spec.name;
      annotations["k3s.io/internal-ip"] = internalIP;
      break;
    case "eks":
      labels["eks.amazonaws.com/nodegroup"] = "ng-default";
      labels["eks.amazonaws.com/capacityType"] = "ON_DEMAND";
      labels["topology.kubernetes.io/region"] = "eu-west-1";
      break;
    case "gke":
      labels["cloud.google.com/gke-nodepool"] = "default-pool";
      labels["cloud.google.com/gke-os-distribution"] = "cos";
      break;
    case "aks":
      labels["kubernetes.azure.com/cluster"] = `MC_rg_${cluster.name ?? "sim"}_westeurope`;
      labels["kubernetes.azure.com/agentpool"] = "nodepool1";
      labels["kubernetes.azure.com/role"] = "agent";
      break;
    default: break;
  }
  Object.assign(labels, spec.labels || {});
  Object.assign(annotations, spec.annotations || {});
  const taints = (spec.taints ?? defaultTaints(provider, roles)).map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect }));
  if (spec.unschedulable) taints.push({ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule", timeAdded: createdAt } as never);
  const h = hashString(spec.name).toString(16).padStart(8, "0");
  const windows = os === "windows";
  return {
    apiVersion: "v1", kind: "Node",
    metadata: { name: spec.name, uid, creationTimestamp: createdAt, labels, annotations },
    spec: { podCIDR: `10.42.${index % 256}.0/24`, podCIDRs: [`10.42.${index % 256}.0/24`], ...(taints.length ? { taints } : {}), ...(spec.unschedulable ? { unschedulable: true } : {}) },
    status: {
      capacity: { cpu: "4", "ephemeral-storage": "102350Mi", memory: "16393916Ki", pods: "110" },
      allocatable: { cpu: "4", "ephemeral-storage": "96589578946", memory: "16291516Ki", pods: "110" },
      conditions: [
        { type: "MemoryPressure", status: "False", lastHeartbeatTime: createdAt, lastTransitionTime: createdAt, reason: "KubeletHasSufficientMemory", message: "kubelet has sufficient memory available" },
        { type: "DiskPressure", status: "False", lastHeartbeatTime: createdAt, lastTransitionTime: createdAt, reason: "KubeletHasNoDiskPressure", message: "kubelet has no disk pressure" },
        { type: "PIDPressure", status: "False", lastHeartbeatTime: createdAt, lastTransitionTime: createdAt, reason: "KubeletHasSufficientPID", message: "kubelet has sufficient PID available" },
        { type: "Ready", status: "True", lastHeartbeatTime: createdAt, lastTransitionTime: createdAt, reason: "KubeletReady", message: "kubelet is posting ready status" },
      ],
      addresses: [{ type: "InternalIP", address: internalIP }, { type: "ExternalIP", address: externalIP }, { type: "Hostname", address: spec.name }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: `${h}${h}${h}${h}`, systemUUID: `${h}-0000-4000-8000-${h}0000`, bootID: `${h}-1111-4111-8111-${h}1111`,
        kernelVersion: windows ? "10.0.17763.5458" : "5.15.0-105-generic",
        osImage: windows ? "Windows Server 2019 Datacenter" : "Ubuntu 22.04.4 LTS",
        containerRuntimeVersion: windows ? "docker://19.3.5" : provider === "rke" ? "docker://19.3.5" : "containerd://1.7.11",
        kubeletVersion, kubeProxyVersion: kubeletVersion, operatingSystem: os, architecture: arch,
      },
    },
  };
}
