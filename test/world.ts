import { randomUUID } from "node:crypto";
import { runKubeBench } from "@/kube-sim/kube-bench";
import { encryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import { kubeconfigAad } from "@/lib/k8s/client";
import { createNotifier } from "@/lib/alerts/notifiers";
import { createRule } from "@/lib/alerts/rules";
import { createProfile } from "@/lib/profiles";
import { importReport } from "@/lib/scans/import";
import { makeUser, type TestUser } from "./http";

// A small world for authorization tests: the target cluster A, another cluster B, and one user per
// relation to A.
export type Persona = "anonymous" | "otherClusterMember" | "member" | "owner" | "admin";
export const PERSONAS: Persona[] = ["anonymous", "otherClusterMember", "member", "owner", "admin"];

export interface World {
  clusterA: string;
  clusterB: string;
  users: Record<Exclude<Persona, "anonymous">, TestUser>;
  /** A plain user with no memberships, for user-management routes. */
  bystander: TestUser;
  /** A finished (imported) report on cluster A, and an administrator's custom profile. */
  scanA: string;
  profileId: string;
  /** A notifier (pointing nowhere reachable), a schedule and a custom alert rule on cluster A. */
  notifierId: string;
  ruleId: string;
}

export function workerOutput(name: string) {
  return runKubeBench({
    args: ["kube-bench", "run", "--targets", "node", "--benchmark", "rke-cis-1.4", "--json"],
    node: { name, roles: ["worker"], hardened: false },
    hostPID: true,
    mounts: [{ hostPath: "/", mountPath: "/node" }],
    seed: "world",
    shape: "current",
  }).stdout;
}

/** With a kubeconfig, cluster A is reachable (the simulator) so routes that talk to it can succeed. */
export async function makeWorld(kubeconfig?: string): Promise<World> {
  const suffix = randomUUID().slice(0, 8);
  const aId = randomUUID();
  const a = await db.cluster.create({
    data: {
      id: aId,
      name: `a-${suffix}`,
      ...(kubeconfig ? { kubeconfigEnc: encryptSecret(kubeconfig, kubeconfigAad(aId)), contextName: "default" } : {}),
    },
  });
  const b = await db.cluster.create({ data: { name: `b-${suffix}` } });
  const [otherClusterMember, member, owner, admin, bystander] = await Promise.all([
    makeUser(),
    makeUser(),
    makeUser(),
    makeUser("ADMIN"),
    makeUser(),
  ]);
  await db.membership.createMany({
    data: [
      { userId: otherClusterMember.id, clusterId: b.id, role: "OWNER" },
      { userId: member.id, clusterId: a.id, role: "MEMBER" },
      { userId: owner.id, clusterId: a.id, role: "OWNER" },
    ],
  });
  const scan = await importReport(admin.id, a.id, {
    profileId: "rke-cis-1.4-permissive",
    userSkips: [],
    nodes: [{ name: "worker-1", roles: ["worker"], output: workerOutput("worker-1") }],
  });
  const profile = await createProfile({ name: `custom-${suffix}`, benchmarkId: "rke-cis-1.4", description: "", skips: [{ id: "1.1.2", reason: "ours" }] }, admin.id);
  const notifier = await createNotifier({ name: `n-${suffix}`, type: "WEBHOOK", url: "http://127.0.0.1:9/unreachable" });
  await db.schedule.create({ data: { clusterId: a.id, profileId: "rke-cis-1.4-permissive", cron: "0 0 * * *", retention: 5 } });
  const rule = await createRule(a.id, { name: "custom", event: "MANUAL_COMPLETED", severity: "INFO", notifierIds: [notifier.id], active: true });
  return {
    clusterA: a.id,
    clusterB: b.id,
    users: { otherClusterMember, member, owner, admin },
    bystander,
    scanA: scan.id,
    profileId: profile.id,
    notifierId: notifier.id,
    ruleId: rule.id,
  };
}
