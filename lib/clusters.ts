import { randomUUID } from "node:crypto";
import { z } from "zod";
import { clusterRoleOf, isAdmin, visibleClustersWhere } from "@/lib/access";
import { encryptSecret } from "@/lib/crypto";
import { db, type Cluster } from "@/lib/db";
import { AppError, invalid, notFound } from "@/lib/errors";
import { inClusterKubeConfig, kubeConfigFor, kubeConfigFromYaml, kubeconfigAad, runningInCluster } from "@/lib/k8s/client";
import { MAX_KUBECONFIG_BYTES, chooseContext, summarizeKubeconfig } from "@/lib/k8s/kubeconfig";
import { probeCluster, ProbeError, type ProbeResult } from "@/lib/k8s/probe";
import type { SessionUser } from "@/lib/session";

export const clusterNameSchema = z
  .string()
  .trim()
  .min(1, "is required")
  .max(100, "must be at most 100 characters")
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._()-]*$/u, "may contain letters, digits, spaces and . _ ( ) -");

const kubeconfigField = z.string().max(MAX_KUBECONFIG_BYTES * 2, "is larger than 256 KiB");

export const createClusterSchema = z.discriminatedUnion("auth", [
  z.object({
    auth: z.literal("KUBECONFIG"),
    name: clusterNameSchema,
    description: z.string().max(1000).default(""),
    kubeconfig: kubeconfigField,
    contextName: z.string().max(253).optional(),
  }),
  z.object({
    auth: z.literal("IN_CLUSTER"),
    name: clusterNameSchema,
    description: z.string().max(1000).default(""),
  }),
]);

export const updateClusterSchema = z.object({
  name: clusterNameSchema.optional(),
  description: z.string().max(1000).optional(),
  kubeconfig: kubeconfigField.optional(),
  contextName: z.string().max(253).optional(),
});

export type ClusterView = ReturnType<typeof toView>;

/**
 * What the browser may see of a cluster: never the kubeconfig. Members only see that the cluster exists
 * (its name and description); its address, version and nodes are for Owners and Administrators.
 */
function toView(cluster: Cluster, myRole: string | null) {
  const view = {
    id: cluster.id,
    name: cluster.name,
    description: cluster.description,
    auth: cluster.auth,
    server: cluster.server,
    contextName: cluster.contextName,
    simulated: cluster.simulated,
    version: cluster.version,
    provider: cluster.provider,
    nodeCount: cluster.nodeCount,
    nodeSummary: cluster.nodeSummary as ProbeResult["nodes"] | null,
    lastCheckedAt: cluster.lastCheckedAt,
    lastError: cluster.lastError,
    createdAt: cluster.createdAt,
    myRole,
  };
  if (myRole !== "MEMBER") return view;
  return { ...view, server: "", contextName: null, version: null, provider: null, nodeCount: null, nodeSummary: null, lastCheckedAt: null, lastError: null };
}

function probeFields(probe: ProbeResult) {
  return {
    version: probe.version,
    provider: probe.provider,
    nodeCount: probe.nodes.total,
    nodeSummary: probe.nodes as object,
    lastCheckedAt: new Date(),
    lastError: null,
  };
}

async function probeOrReject(run: () => Promise<ProbeResult>, field: string): Promise<ProbeResult> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ProbeError) throw invalid(field, err.message);
    throw err;
  }
}

/** Validates a kubeconfig and tries it, without storing anything. */
export async function inspectKubeconfig(kubeconfig: string, contextName?: string) {
  const summary = summarizeKubeconfig(kubeconfig);
  const context = chooseContext(summary, contextName);
  const probe = await probeOrReject(() => probeCluster(kubeConfigFromYaml(kubeconfig, context.name)), "kubeconfig");
  return { contexts: summary.contexts.map(({ name, server }) => ({ name, server })), context: context.name, probe };
}

export async function listClusters(user: SessionUser) {
  const clusters = await db.cluster.findMany({
    where: visibleClustersWhere(user),
    orderBy: { name: "asc" },
    include: { memberships: { where: { userId: user.id }, select: { role: true } } },
  });
  return clusters.map(({ memberships, ...c }) => toView(c, isAdmin(user) ? "ADMIN" : (memberships[0]?.role ?? null)));
}

export async function getCluster(user: SessionUser, id: string) {
  const role = await clusterRoleOf(user, id);
  const cluster = role ? await db.cluster.findUnique({ where: { id } }) : null;
  if (!cluster) throw notFound("Cluster");
  return toView(cluster, role);
}

async function assertNameFree(name: string, exceptId?: string) {
  const other = await db.cluster.findUnique({ where: { name }, select: { id: true } });
  if (other && other.id !== exceptId) throw new AppError(409, "conflict", `name: a cluster named "${name}" already exists`, [{ field: "name", message: "already exists" }]);
}

export async function createCluster(user: SessionUser, input: z.infer<typeof createClusterSchema>, opts: { simulated?: boolean } = {}) {
  await assertNameFree(input.name);
  const id = randomUUID();
  let data: Partial<Cluster>;
  if (input.auth === "IN_CLUSTER") {
    if (!runningInCluster()) {
      throw invalid("auth", "the dashboard is not running inside a Kubernetes cluster (no in-cluster service account)");
    }
    const probe = await probeOrReject(() => probeCluster(inClusterKubeConfig()), "auth");
    data = { auth: "IN_CLUSTER", server: `https://${process.env.KUBERNETES_SERVICE_HOST}:${process.env.KUBERNETES_SERVICE_PORT}`, ...probeFields(probe) };
  } else {
    const inspected = await inspectKubeconfig(input.kubeconfig, input.contextName);
    const server = inspected.contexts.find((c) => c.name === inspected.context)!.server;
    data = {
      auth: "KUBECONFIG",
      kubeconfigEnc: encryptSecret(input.kubeconfig, kubeconfigAad(id)),
      contextName: inspected.context,
      server,
      ...probeFields(inspected.probe),
    };
  }
  const cluster = await db.cluster.create({
    data: {
      ...(data as object),
      id,
      name: input.name,
      description: input.description,
      simulated: opts.simulated ?? false,
      memberships: { create: { userId: user.id, role: "OWNER" } },
    },
  });
  return toView(cluster, isAdmin(user) ? "ADMIN" : "OWNER");
}

export async function updateCluster(user: SessionUser, id: string, input: z.infer<typeof updateClusterSchema>) {
  const cluster = await db.cluster.findUnique({ where: { id } });
  if (!cluster) throw notFound("Cluster");
  if (input.name) await assertNameFree(input.name, id);
  const data: Partial<Cluster> = {};
  if (input.name !== undefined) data.name = input.name;
  if (input.description !== undefined) data.description = input.description;
  if (input.kubeconfig !== undefined || input.contextName !== undefined) {
    if (cluster.auth === "IN_CLUSTER") throw invalid("kubeconfig", "this cluster uses the in-cluster service account");
    if (input.kubeconfig === undefined) {
      // Switching context of the stored kubeconfig.
      const kc = kubeConfigFor(cluster);
      const yaml = kc.exportConfig();
      const inspected = await inspectKubeconfig(yaml, input.contextName);
      Object.assign(data, { contextName: inspected.context, server: inspected.contexts.find((c) => c.name === inspected.context)!.server, ...probeFields(inspected.probe) });
    } else {
      const inspected = await inspectKubeconfig(input.kubeconfig, input.contextName);
      Object.assign(data, {
        kubeconfigEnc: encryptSecret(input.kubeconfig, kubeconfigAad(id)),
        contextName: inspected.context,
        server: inspected.contexts.find((c) => c.name === inspected.context)!.server,
        ...probeFields(inspected.probe),
      });
    }
  }
  const updated = await db.cluster.update({ where: { id }, data: data as object });
  return toView(updated, await clusterRoleOf(user, id));
}

/** Re-tests the stored connection and records the outcome (a failure is a result, not an error). */
export async function testCluster(user: SessionUser, id: string) {
  const cluster = await db.cluster.findUnique({ where: { id } });
  if (!cluster) throw notFound("Cluster");
  let data: object;
  try {
    data = probeFields(await probeCluster(kubeConfigFor(cluster)));
  } catch (err) {
    data = { lastCheckedAt: new Date(), lastError: err instanceof Error ? err.message : String(err) };
  }
  const updated = await db.cluster.update({ where: { id }, data });
  return toView(updated, await clusterRoleOf(user, id));
}

export async function deleteCluster(id: string) {
  const deleted = await db.cluster.deleteMany({ where: { id } });
  if (!deleted.count) throw notFound("Cluster");
}
