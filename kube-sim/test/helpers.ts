// Shared helpers for the simulator's tests.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig, Watch } from "@kubernetes/client-node";
import type { Simulator } from "../index";

export function kubeConfig(sim: Simulator, user: "admin" | "readonly" | "cert" = "admin"): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig({ user }));
  return kc;
}

export async function waitFor<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000, what = "condition"): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as T;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface WatchEvent { type: string; object: any }
/** Start a watch and collect its events; `done` resolves with the error (or null) when the stream ends. */
export async function collectWatch(kc: KubeConfig, path: string, params: Record<string, string | number | boolean | undefined>) {
  const events: WatchEvent[] = [];
  let resolveDone!: (e: unknown) => void;
  const done = new Promise<unknown>((r) => (resolveDone = r));
  const ctl = await new Watch(kc).watch(path, params, (type, object) => events.push({ type, object }), (err) => resolveDone(err ?? null));
  return { events, done, abort: () => ctl.abort() };
}

export const KUBECTL = "/usr/bin/kubectl";

/** Run kubectl with a kubeconfig; fails loudly (never skips) if kubectl is missing. */
export function kubectl(kubeconfigYaml: string, args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!existsSync(KUBECTL)) throw new Error(`kubectl not found at ${KUBECTL}: install it (Debian: kubernetes-client) — these conformance tests need it`);
  const dir = mkdtempSync(join(tmpdir(), "kube-sim-kubectl-"));
  const kcPath = join(dir, "config");
  writeFileSync(kcPath, kubeconfigYaml, { mode: 0o600 });
  return new Promise((resolve) => {
    const child = execFile(KUBECTL, ["--kubeconfig", kcPath, ...args], { env: { ...process.env, KUBECONFIG: kcPath, HOME: dir }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout, stderr });
    });
    if (input !== undefined) { child.stdin!.write(input); child.stdin!.end(); }
  });
}

export function kubeBenchJob(name: string, node: string, extra: { image?: string; args?: string[]; activeDeadlineSeconds?: number; backoffLimit?: number; ttl?: number; pin?: "nodeName" | "affinity"; tolerations?: boolean; command?: string[] } = {}) {
  const pin = extra.pin ?? "nodeName";
  return {
    apiVersion: "batch/v1", kind: "Job",
    metadata: { name, labels: { app: "kube-bench", node } },
    spec: {
      backoffLimit: extra.backoffLimit ?? 0,
      ...(extra.activeDeadlineSeconds ? { activeDeadlineSeconds: extra.activeDeadlineSeconds } : {}),
      ...(extra.ttl !== undefined ? { ttlSecondsAfterFinished: extra.ttl } : {}),
      template: {
        metadata: { labels: { app: "kube-bench" } },
        spec: {
          restartPolicy: "Never",
          hostPID: true,
          ...(pin === "nodeName" ? { nodeName: node } : {
            affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [node] }] }] } } },
          }),
          ...(extra.tolerations === false ? {} : { tolerations: [{ operator: "Exists" }] }),
          containers: [{
            name: "kube-bench",
            image: extra.image ?? "docker.io/aquasec/kube-bench:v0.6.2",
            command: extra.command ?? ["kube-bench", "run", "--targets", "node", "--benchmark", "rke-cis-1.4", "--json"],
            volumeMounts: [{ name: "etc-kubernetes", mountPath: "/etc/kubernetes", readOnly: true }, { name: "var-lib-kubelet", mountPath: "/var/lib/kubelet", readOnly: true }],
          }],
          volumes: [{ name: "etc-kubernetes", hostPath: { path: "/etc/kubernetes" } }, { name: "var-lib-kubelet", hostPath: { path: "/var/lib/kubelet" } }],
        },
      },
    },
  };
}
