import { z } from "zod";
import { findBenchmark } from "@/lib/benchmarks";
import { db, Prisma } from "@/lib/db";
import { AppError, conflict, notFound } from "@/lib/errors";
import { describeK8sError, kubeConfigFor } from "@/lib/k8s/client";
import { readUserSkips, writeUserSkips } from "@/lib/k8s/skip-config";
import { requireProfile } from "@/lib/profiles";
import { skipSnapshot } from "./skips";

// Starting, cancelling, listing and deleting scans. The work itself happens in the background worker
// (lib/scans/runner.ts), which picks up PENDING scans from the database.

export const DEFAULT_TIMEOUT_SECONDS = Number(process.env.SCAN_TIMEOUT_SECONDS) || 30 * 60;

export const startScanSchema = z.object({
  profileId: z.string().min(1, "is required"),
  timeoutSeconds: z.number().int().min(30, "must be at least 30 seconds").max(24 * 3600, "must be at most 24 hours").optional(),
  image: z
    .string()
    .trim()
    .regex(/^[a-z0-9]([a-z0-9._:/@-]*[a-z0-9])?$/i, "is not an image reference")
    .max(300)
    .optional(),
});

async function clusterOrThrow(clusterId: string) {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId } });
  if (!cluster) throw notFound("Cluster");
  return cluster;
}

/** Every test the scan will skip, and why, labelled by source: shown before a scan starts. */
export async function previewSkips(clusterId: string, profileId: string) {
  const cluster = await clusterOrThrow(clusterId);
  const { profile, benchmark } = await requireProfile(profileId);
  let userSkips: string[] = [];
  let warning: string | null = null;
  try {
    const read = await readUserSkips(kubeConfigFor(cluster));
    userSkips = read.skips[benchmark.id] ?? [];
    warning = read.warning;
  } catch (err) {
    warning = `Could not read the cluster's skip list: ${describeK8sError(err)}`;
  }
  return { profile: { id: profile.id, name: profile.name }, benchmark: { id: benchmark.id, title: benchmark.title }, skips: skipSnapshot(profile, userSkips), warning };
}

export async function startScan(
  userId: string | null,
  clusterId: string,
  input: z.infer<typeof startScanSchema>,
  opts: { trigger?: "MANUAL" | "SCHEDULED"; scheduleId?: string } = {},
) {
  const cluster = await clusterOrThrow(clusterId);
  const { profile, benchmark } = await requireProfile(input.profileId);
  const now = new Date();
  try {
    return await db.scan.create({
      data: {
        clusterId: cluster.id,
        name: `cis-${now.toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-")}`,
        profileId: profile.id,
        profileName: profile.name,
        benchmarkId: benchmark.id,
        trigger: opts.trigger ?? "MANUAL",
        scheduleId: opts.scheduleId,
        requestedById: userId,
        skips: skipSnapshot(profile, []) as object[],
        timeoutSeconds: input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
        image: input.image,
      },
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw conflict(`A scan is already running on cluster "${cluster.name}". Wait for it to finish or cancel it.`);
    }
    throw err;
  }
}

export async function cancelScan(clusterId: string, scanId: string) {
  const updated = await db.scan.updateMany({
    where: { id: scanId, clusterId, state: { in: ["PENDING", "RUNNING"] } },
    data: { cancelRequested: true },
  });
  if (!updated.count) {
    const exists = await db.scan.count({ where: { id: scanId, clusterId } });
    if (!exists) throw notFound("Scan");
    throw conflict("This scan has already finished.");
  }
  return getScan(clusterId, scanId);
}

const scanListSelect = {
  id: true,
  name: true,
  profileId: true,
  profileName: true,
  benchmarkId: true,
  trigger: true,
  state: true,
  cancelRequested: true,
  nodesTotal: true,
  total: true,
  pass: true,
  fail: true,
  mixed: true,
  warn: true,
  skip: true,
  notApplicable: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  scheduleId: true,
  error: true,
  requestedBy: { select: { id: true, name: true, email: true } },
} as const;

export const listScansQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  trigger: z.enum(["MANUAL", "SCHEDULED", "IMPORTED"]).optional(),
});

export async function listScans(clusterId: string, query: z.infer<typeof listScansQuery>) {
  const where = { clusterId, ...(query.trigger ? { trigger: query.trigger } : {}) };
  const [items, total] = await Promise.all([
    db.scan.findMany({ where, select: scanListSelect, orderBy: { createdAt: "desc" }, skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
    db.scan.count({ where }),
  ]);
  return { items, total, page: query.page, pageSize: query.pageSize };
}

export async function getScan(clusterId: string, scanId: string) {
  const scan = await db.scan.findFirst({
    where: { id: scanId, clusterId },
    select: { ...scanListSelect, skips: true, warnings: true, timeoutSeconds: true, deadlineAt: true, image: true },
  });
  if (!scan) throw notFound("Scan");
  const nodes = await db.scanNode.groupBy({ by: ["state"], where: { scanId }, _count: true });
  return { ...scan, nodeStates: Object.fromEntries(nodes.map((n) => [n.state, n._count])) };
}

export const listNodesQuery = z.object({
  state: z.enum(["PENDING", "RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "NOT_SCANNED", "CANCELLED"]).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).default(100),
});

export async function listScanNodes(clusterId: string, scanId: string, query: z.infer<typeof listNodesQuery>) {
  const scan = await db.scan.count({ where: { id: scanId, clusterId } });
  if (!scan) throw notFound("Scan");
  const where = { scanId, ...(query.state ? { state: query.state } : {}) };
  const [items, total] = await Promise.all([
    db.scanNode.findMany({
      where,
      select: { name: true, roles: true, os: true, targets: true, state: true, reason: true, startedAt: true, finishedAt: true },
      orderBy: { name: "asc" },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    db.scanNode.count({ where }),
  ]);
  return { items, total, page: query.page, pageSize: query.pageSize };
}

export const deleteScansSchema = z.object({ ids: z.array(z.string().min(1)).min(1, "choose at least one report").max(500) });

/** Deletes finished scans of this cluster only; running scans must be cancelled first. */
export async function deleteScans(clusterId: string, ids: string[]) {
  const scans = await db.scan.findMany({ where: { id: { in: ids }, clusterId }, select: { id: true, state: true } });
  const found = new Set(scans.map((s) => s.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw new AppError(404, "not_found", `Report(s) not found: ${missing.join(", ")}`, [{ field: "ids", message: "not found" }]);
  const running = scans.filter((s) => s.state === "PENDING" || s.state === "RUNNING");
  if (running.length) throw conflict("A running scan cannot be deleted: cancel it first.");
  await db.scan.deleteMany({ where: { id: { in: ids }, clusterId, state: { notIn: ["PENDING", "RUNNING"] } } });
}

export const skipsQuery = z.object({ benchmark: z.string().refine((id) => Boolean(findBenchmark(id)), "is not a known benchmark") });
export const setSkipsSchema = z.object({
  ids: z.array(z.string().trim().regex(/^\d+(\.\d+)*$/, "must be a check id such as 1.1.11")).max(1000),
});

export async function getUserSkips(clusterId: string, benchmarkId: string) {
  const cluster = await clusterOrThrow(clusterId);
  try {
    const read = await readUserSkips(kubeConfigFor(cluster));
    return { benchmark: benchmarkId, ids: read.skips[benchmarkId] ?? [], warning: read.warning };
  } catch (err) {
    throw new AppError(502, "cluster_unreachable", `Could not read the skip list from the cluster: ${describeK8sError(err)}`);
  }
}

export async function setUserSkips(clusterId: string, benchmarkId: string, ids: string[]) {
  const cluster = await clusterOrThrow(clusterId);
  try {
    return { benchmark: benchmarkId, ids: await writeUserSkips(kubeConfigFor(cluster), benchmarkId, ids), warning: null };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(502, "cluster_unreachable", `Could not write the skip list to the cluster: ${describeK8sError(err)}`);
  }
}
