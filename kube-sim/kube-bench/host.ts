// What a simulated RKE node looks like from inside a kube-bench container: which Kubernetes processes are
// visible (ps), which host files can be stat'ed, and what the cluster answers to kubectl.
// Everything is deterministic from (seed, node name, hardened).

export type Component = "apiserver" | "scheduler" | "controllermanager" | "etcd" | "kubelet" | "proxy";

export interface HostMount {
  hostPath: string;
  mountPath: string;
}

export interface SimNode {
  name: string;
  roles: string[];
  hardened: boolean;
}

export interface FileInfo {
  mode: string;
  owner: string;
}

export interface HostModel {
  /** Command line of each component running on the node (whether or not the container can see it). */
  commands: Partial<Record<Component, string>>;
  /** `ps -ef` style prefix (UID PID PPID C STIME TTY TIME) of each running component. */
  psPrefix: Partial<Record<Component, string>>;
  /** Host files and directories that exist on the node, by absolute host path. */
  files: Map<string, FileInfo>;
  /** Number of PodSecurityPolicies not allowing hostPID/hostIPC/hostNetwork/privilege escalation. */
  restrictivePsps: number;
  /** The API server's encryption provider config uses aescbc. */
  aescbc: boolean;
}

/** FNV-1a, 32 bits. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32 PRNG over a string seed. */
export function prng(seed: string): () => number {
  let a = hash32(seed);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)] as T;
}

function shuffle<T>(rnd: () => number, xs: T[]): T[] {
  const a = xs.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = a[i] as T;
    a[i] = a[j] as T;
    a[j] = t;
  }
  return a;
}

export const isControlPlane = (roles: string[]) =>
  roles.some((r) => ["controlplane", "control-plane", "master"].includes(r));
export const isEtcdNode = (roles: string[]) => roles.includes("etcd");

/** On RKE every node runs kubelet and kube-proxy, whatever its roles. */
export function runsComponent(roles: string[], c: Component): boolean {
  switch (c) {
    case "apiserver":
    case "scheduler":
    case "controllermanager":
      return isControlPlane(roles);
    case "etcd":
      return isEtcdNode(roles);
    case "kubelet":
    case "proxy":
      return true;
  }
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function psPrefix(rnd: () => number): string {
  const pid = 1000 + Math.floor(rnd() * 30000);
  const ppid = pid - 1 - Math.floor(rnd() * 40);
  const c = Math.floor(rnd() * 9);
  const stime = `${pick(rnd, MONTHS)}${String(1 + Math.floor(rnd() * 28)).padStart(2, "0")}`;
  const hh = String(Math.floor(rnd() * 40)).padStart(2, "0");
  const mm = String(Math.floor(rnd() * 60)).padStart(2, "0");
  const ss = String(Math.floor(rnd() * 60)).padStart(2, "0");
  return `${"root".padEnd(8)} ${String(pid).padStart(5)} ${String(ppid).padStart(5)} ${String(c).padStart(2)} ${stime} ?        ${hh}:${mm}:${ss}`;
}

function nodeIp(name: string): string {
  const h = hash32(`ip:${name}`);
  return `172.${16 + (h % 16)}.${(h >>> 8) & 255}.${1 + ((h >>> 16) % 254)}`;
}

const SSL = "/etc/kubernetes/ssl";

export function buildHost(node: SimNode, seed: string): HostModel {
  const rnd = prng(`${seed}\u0000${node.name}`);
  const hard = node.hardened;
  const ip = nodeIp(node.name);
  const commands: Partial<Record<Component, string>> = {};
  const prefixes: Partial<Record<Component, string>> = {};
  const files = new Map<string, FileInfo>();
  const kubeconfigMode = () => pick(rnd, ["644", "600", "640"] as const);
  const file = (path: string, mode: string, owner = "root:root") => files.set(path, { mode, owner });

  // Files every RKE node has.
  file("/etc/kubernetes", "755");
  file(SSL, "755");
  file(`${SSL}/kube-ca.pem`, "644");
  file(`${SSL}/kube-node.pem`, "644");
  file(`${SSL}/kube-node-key.pem`, "600");
  file(`${SSL}/kube-proxy.pem`, "644");
  file(`${SSL}/kube-proxy-key.pem`, "600");
  file(`${SSL}/kubecfg-kube-node.yaml`, kubeconfigMode());
  file(`${SSL}/kubecfg-kube-proxy.yaml`, kubeconfigMode());
  file("/var/lib/kubelet", "755");
  file("/etc/cni/net.d", "755");
  file("/opt/cni/bin", "755");

  const roles = node.roles;
  if (isControlPlane(roles)) {
    file(`${SSL}/kube-apiserver.pem`, "644");
    file(`${SSL}/kube-apiserver-key.pem`, "600");
    file(`${SSL}/kube-service-account-token-key.pem`, "600");
    file(`${SSL}/kube-controller-manager.pem`, "644");
    file(`${SSL}/kube-controller-manager-key.pem`, "600");
    file(`${SSL}/kube-scheduler.pem`, "644");
    file(`${SSL}/kube-scheduler-key.pem`, "600");
    file(`${SSL}/kubecfg-kube-scheduler.yaml`, kubeconfigMode());
    file(`${SSL}/kubecfg-kube-controller-manager.yaml`, kubeconfigMode());
    file("/etc/kubernetes/audit-policy.yaml", "600");
    if (hard) {
      file(`${SSL}/encryption.yaml`, "600");
      file("/etc/kubernetes/admission.yaml", "600");
    }
  }
  if (isEtcdNode(roles)) {
    file("/var/lib/etcd", "700", hard ? "etcd:etcd" : "root:root");
    file(`${SSL}/kube-etcd-${ip.replace(/\./g, "-")}.pem`, "644");
    file(`${SSL}/kube-etcd-${ip.replace(/\./g, "-")}-key.pem`, "600");
  }

  const apiserverIp = ip;
  if (isControlPlane(roles)) {
    const plugins = [
      "NamespaceLifecycle", "LimitRanger", "ServiceAccount", "DefaultStorageClass", "DefaultTolerationSeconds",
      "MutatingAdmissionWebhook", "ValidatingAdmissionWebhook", "ResourceQuota", "NodeRestriction", "Priority",
      "TaintNodesByCondition", "PersistentVolumeClaimResize",
      ...(hard ? ["PodSecurityPolicy", "EventRateLimit", "AlwaysPullImages"] : []),
    ];
    const api = [
      "--allow-privileged=true",
      `--advertise-address=${apiserverIp}`,
      "--authorization-mode=Node,RBAC",
      "--bind-address=0.0.0.0",
      "--client-ca-file=/etc/kubernetes/ssl/kube-ca.pem",
      "--cloud-provider=",
      `--enable-admission-plugins=${plugins.join(",")}`,
      "--etcd-cafile=/etc/kubernetes/ssl/kube-ca.pem",
      "--etcd-certfile=/etc/kubernetes/ssl/kube-node.pem",
      "--etcd-keyfile=/etc/kubernetes/ssl/kube-node-key.pem",
      "--etcd-prefix=/registry",
      `--etcd-servers=https://${apiserverIp}:2379`,
      "--insecure-port=0",
      "--kubelet-client-certificate=/etc/kubernetes/ssl/kube-apiserver.pem",
      "--kubelet-client-key=/etc/kubernetes/ssl/kube-apiserver-key.pem",
      "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
      "--profiling=false",
      "--proxy-client-cert-file=/etc/kubernetes/ssl/kube-apiserver-proxy-client.pem",
      "--proxy-client-key-file=/etc/kubernetes/ssl/kube-apiserver-proxy-client-key.pem",
      "--requestheader-allowed-names=kube-apiserver-proxy-client",
      "--requestheader-client-ca-file=/etc/kubernetes/ssl/kube-apiserver-requestheader-ca.pem",
      "--requestheader-extra-headers-prefix=X-Remote-Extra-",
      "--requestheader-group-headers=X-Remote-Group",
      "--requestheader-username-headers=X-Remote-User",
      "--runtime-config=authorization.k8s.io/v1beta1=true",
      "--secure-port=6443",
      "--service-account-key-file=/etc/kubernetes/ssl/kube-service-account-token-key.pem",
      "--service-account-lookup=true",
      "--service-cluster-ip-range=10.43.0.0/16",
      "--service-node-port-range=30000-32767",
      "--storage-backend=etcd3",
      "--tls-cert-file=/etc/kubernetes/ssl/kube-apiserver.pem",
      "--tls-private-key-file=/etc/kubernetes/ssl/kube-apiserver-key.pem",
      "--audit-log-path=/var/log/kube-audit/audit-log.json",
      `--audit-log-maxage=${pick(rnd, ["30", "30", "60"])}`,
      `--audit-log-maxbackup=${pick(rnd, ["10", "10", "20"])}`,
      `--audit-log-maxsize=${pick(rnd, ["100", "100", "200"])}`,
      "--audit-log-format=json",
      "--audit-policy-file=/etc/kubernetes/audit-policy.yaml",
      ...(hard
        ? [
            "--kubelet-certificate-authority=/etc/kubernetes/ssl/kube-ca.pem",
            "--encryption-provider-config=/etc/kubernetes/ssl/encryption.yaml",
            "--admission-control-config-file=/etc/kubernetes/admission.yaml",
          ]
        : []),
    ];
    commands.apiserver = ["kube-apiserver", ...shuffle(rnd, api)].join(" ");
    const sched = [
      "--kubeconfig=/etc/kubernetes/ssl/kubecfg-kube-scheduler.yaml",
      "--leader-elect=true",
      "--profiling=false",
      "--v=2",
      `--address=${hard ? "127.0.0.1" : "0.0.0.0"}`,
    ];
    commands.scheduler = ["kube-scheduler", ...shuffle(rnd, sched)].join(" ");
    const cm = [
      `--address=${hard ? "127.0.0.1" : "0.0.0.0"}`,
      "--allocate-node-cidrs=true",
      "--allow-untagged-cloud=true",
      "--cloud-provider=",
      "--cluster-cidr=10.42.0.0/16",
      "--configure-cloud-routes=false",
      "--enable-hostpath-provisioner=false",
      "--kubeconfig=/etc/kubernetes/ssl/kubecfg-kube-controller-manager.yaml",
      "--leader-elect=true",
      "--node-monitor-grace-period=40s",
      "--pod-eviction-timeout=5m0s",
      "--profiling=false",
      "--root-ca-file=/etc/kubernetes/ssl/kube-ca.pem",
      "--service-account-private-key-file=/etc/kubernetes/ssl/kube-service-account-token-key.pem",
      "--service-cluster-ip-range=10.43.0.0/16",
      `--terminated-pod-gc-threshold=${pick(rnd, ["1000", "1000", "500"])}`,
      "--use-service-account-credentials=true",
      "--v=2",
    ];
    commands.controllermanager = ["kube-controller-manager", ...shuffle(rnd, cm)].join(" ");
  }
  if (isEtcdNode(roles)) {
    const certBase = `/etc/kubernetes/ssl/kube-etcd-${ip.replace(/\./g, "-")}`;
    const etcd = [
      "--peer-client-cert-auth",
      "--client-cert-auth",
      `--name=etcd-${node.name}`,
      "--data-dir=/var/lib/rancher/etcd/",
      `--advertise-client-urls=https://${ip}:2379,https://${ip}:4001`,
      "--listen-client-urls=https://0.0.0.0:2379",
      `--initial-advertise-peer-urls=https://${ip}:2380`,
      "--listen-peer-urls=https://0.0.0.0:2380",
      `--initial-cluster=etcd-${node.name}=https://${ip}:2380`,
      "--initial-cluster-state=new",
      "--initial-cluster-token=etcd-cluster-1",
      "--heartbeat-interval=500",
      "--election-timeout=5000",
      "--trusted-ca-file=/etc/kubernetes/ssl/kube-ca.pem",
      "--peer-trusted-ca-file=/etc/kubernetes/ssl/kube-ca.pem",
      `--cert-file=${certBase}.pem`,
      `--key-file=${certBase}-key.pem`,
      `--peer-cert-file=${certBase}.pem`,
      `--peer-key-file=${certBase}-key.pem`,
    ];
    commands.etcd = ["/usr/local/bin/etcd", ...etcd].join(" ");
  }
  const kubelet = [
    "--address=0.0.0.0",
    "--anonymous-auth=false",
    "--authentication-token-webhook=true",
    "--authorization-mode=Webhook",
    "--cgroups-per-qos=True",
    "--client-ca-file=/etc/kubernetes/ssl/kube-ca.pem",
    "--cloud-provider=",
    "--cluster-dns=10.43.0.10",
    "--cluster-domain=cluster.local",
    "--cni-bin-dir=/opt/cni/bin",
    "--cni-conf-dir=/etc/cni/net.d",
    "--event-qps=0",
    "--fail-swap-on=false",
    `--hostname-override=${node.name}`,
    "--kubeconfig=/etc/kubernetes/ssl/kubecfg-kube-node.yaml",
    "--make-iptables-util-chains=true",
    "--network-plugin=cni",
    "--pod-infra-container-image=rancher/pause:3.1",
    "--read-only-port=0",
    "--resolv-conf=/etc/resolv.conf",
    "--root-dir=/var/lib/kubelet",
    `--streaming-connection-idle-timeout=${pick(rnd, ["30m", "1h", "4h"])}`,
    "--v=2",
    "--volume-plugin-dir=/var/lib/kubelet/volumeplugins",
    ...(hard
      ? [
          "--protect-kernel-defaults=true",
          `--tls-cert-file=/etc/kubernetes/ssl/kube-kubelet-${ip.replace(/\./g, "-")}.pem`,
          `--tls-private-key-file=/etc/kubernetes/ssl/kube-kubelet-${ip.replace(/\./g, "-")}-key.pem`,
        ]
      : []),
  ];
  if (hard) {
    file(`${SSL}/kube-kubelet-${ip.replace(/\./g, "-")}.pem`, "644");
    file(`${SSL}/kube-kubelet-${ip.replace(/\./g, "-")}-key.pem`, "600");
  }
  commands.kubelet = ["kubelet", ...shuffle(rnd, kubelet)].join(" ");
  commands.proxy = [
    "kube-proxy",
    "--cluster-cidr=10.42.0.0/16",
    `--hostname-override=${node.name}`,
    "--kubeconfig=/etc/kubernetes/ssl/kubecfg-kube-proxy.yaml",
    "--healthz-bind-address=127.0.0.1",
    "--v=2",
  ].join(" ");

  for (const c of Object.keys(commands) as Component[]) prefixes[c] = psPrefix(rnd);

  return {
    commands,
    psPrefix: prefixes,
    files,
    restrictivePsps: hard ? 1 : 0,
    aescbc: hard,
  };
}

function normPath(p: string): string {
  const s = p.replace(/\/+/g, "/").replace(/\/$/, "");
  return s === "" ? "/" : s;
}

function isAncestorOrSelf(dir: string, path: string): boolean {
  if (dir === "/") return true;
  return path === dir || path.startsWith(`${dir}/`);
}

/**
 * Whether kube-bench, inside the container, can read the host path: some hostPath volume that is the path or an
 * ancestor of it is mounted at the same path (kube-bench's job.yaml style), or the host root is mounted at /node
 * (rancher/security-scan style; Rancher's audits read /node/<host path>). Either style satisfies every audit.
 */
export function hostPathVisible(mounts: readonly HostMount[], hostPath: string): boolean {
  const p = normPath(hostPath);
  for (const m of mounts) {
    const hp = normPath(m.hostPath);
    const mp = normPath(m.mountPath);
    if (hp === "/" && mp === "/node") return true;
    if (hp === mp && isAncestorOrSelf(hp, p)) return true;
  }
  return false;
}
