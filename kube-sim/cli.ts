// `npm run kube-sim -- --preset rke-3 [--port 6443] [--host 127.0.0.1] [--tls] [--spec file.yaml] [--seed N]
//   [--hardened] [--pod-duration-ms N] [--user admin|readonly|cert] [--kubeconfig-out path]`
// Prints a kubeconfig on stdout; log lines go to stderr.
import { writeFileSync } from "node:fs";
import { startSimulator } from "./index";

function parse(argv: string[]) {
  const o: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new Error(`unexpected argument: ${a}`);
    const [k, inline] = a.slice(2).split("=", 2);
    if (["tls", "hardened", "help"].includes(k)) { o[k] = inline === undefined ? true : inline !== "false"; continue; }
    const v = inline ?? argv[++i];
    if (v === undefined) throw new Error(`--${k} needs a value`);
    o[k] = v;
  }
  return o;
}

const USAGE = `usage: kube-sim [--preset rke-3|rke-ha[:N]|mixed-windows|large:N|kubeadm-3|rke2-3|k3s-3|eks-3|gke-3|aks-3]
                [--spec cluster.yaml] [--port 6443] [--host 127.0.0.1] [--tls] [--seed N] [--hardened]
                [--pod-duration-ms N] [--user admin|readonly|cert] [--kubeconfig-out path]
                [--anonymous admin|readonly]  (unauthenticated requests act as that user: kubectl sends no token over http)`;

async function main() {
  const a = parse(process.argv.slice(2));
  if (a.help) { process.stderr.write(USAGE + "\n"); return; }
  const sim = await startSimulator({
    preset: a.spec ? undefined : (a.preset as string | undefined) ?? "rke-3",
    specFile: a.spec as string | undefined,
    port: a.port !== undefined ? Number(a.port) : 6443,
    host: (a.host as string | undefined) ?? "127.0.0.1",
    tls: !!a.tls,
    seed: a.seed as string | undefined,
    hardened: a.hardened ? true : undefined,
    anonymous: a.anonymous as "admin" | "readonly" | undefined,
    podDurationMs: a["pod-duration-ms"] !== undefined ? Number(a["pod-duration-ms"]) : undefined,
  });
  const kc = sim.kubeconfig({ user: (a.user as "admin" | "readonly" | "cert" | undefined) ?? "admin" });
  if (a["kubeconfig-out"]) {
    writeFileSync(a["kubeconfig-out"] as string, kc, { mode: 0o600 });
    process.stderr.write(`kube-sim: kubeconfig written to ${a["kubeconfig-out"]}\n`);
  }
  process.stdout.write(kc);
  const nodes = sim.objects("nodes").length;
  process.stderr.write(`kube-sim: ${sim.cluster.spec.name ?? "cluster"} (${nodes} nodes, ${sim.cluster.version}) listening on ${sim.url}\n`);
  process.stderr.write(`kube-sim: admin token ${sim.tokens.admin}\nkube-sim: read-only token ${sim.tokens.readonly}\n`);
  const stop = async () => { process.stderr.write("kube-sim: stopping\n"); await sim.stop(); process.exit(0); };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e) => { process.stderr.write(`kube-sim: ${(e as Error).message}\n${USAGE}\n`); process.exit(1); });
