// The demo: when no cluster is registered, start a simulated RKE cluster (kube-sim, preset rke-3) and
// register it as "demo (simulated)", owned by the first administrator. On later starts the simulator is
// started again and the stored kubeconfig refreshed, since the simulator's tokens are new each time.
import { startSimulator } from "../kube-sim";
import { createCluster, updateCluster } from "../lib/clusters";
import { db } from "../lib/db";

export const DEMO_NAME = "demo (simulated)";

export async function ensureDemoCluster(log: (line: string) => void): Promise<{ stop(): Promise<void> } | null> {
  const existing = await db.cluster.findFirst({ where: { name: DEMO_NAME, simulated: true } });
  if (!existing && (await db.cluster.count())) return null;
  const admin = await db.user.findFirst({ where: { role: "ADMIN" }, orderBy: { createdAt: "asc" } });
  if (!admin) return null;
  const sim = await startSimulator({
    preset: process.env.DEMO_PRESET || "rke-3",
    port: Number(process.env.DEMO_SIM_PORT) || 0,
    tls: true,
    podDurationMs: 2500,
  });
  const kubeconfig = sim.kubeconfig({ contextName: "demo" });
  if (existing) await updateCluster(admin, existing.id, { kubeconfig, contextName: "demo" });
  else {
    await createCluster(
      admin,
      { auth: "KUBECONFIG", name: DEMO_NAME, description: "A simulated RKE cluster for trying the product", kubeconfig, contextName: "demo" },
      { simulated: true },
    );
  }
  log(`Demo cluster "${DEMO_NAME}" is a simulated ${process.env.DEMO_PRESET || "rke-3"} cluster at ${sim.url}`);
  return { stop: () => sim.stop() };
}
