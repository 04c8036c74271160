import { z } from "zod";
import { benchmarkFits, findBenchmark, type Benchmark } from "@/lib/benchmarks";
import { db } from "@/lib/db";
import { AppError, invalid, notFound } from "@/lib/errors";

// Scan profiles: a benchmark plus the tests it skips. Built-in profiles are data (below); Administrators
// add their own (table Profile). Every profile also leaves out its benchmark's not-applicable tests.

export interface SkipEntry {
  id: string;
  reason: string;
}

export interface Profile {
  id: string;
  name: string;
  benchmarkId: string;
  description: string;
  builtIn: boolean;
  skips: SkipEntry[];
}

const PSP = "Enabling Pod Security Policy can cause applications to unexpectedly fail.";
const SERVING_CERTS =
  "When generating serving certificates, functionality could break in conjunction with hostname overrides which are required for certain cloud providers.";
const ENCRYPTION = "Enabling encryption changes how data can be recovered as data is encrypted.";

/** RKE CIS 1.4: tests that fail on a default RKE cluster, skipped by the Permissive profile. */
export const RKE_CIS_14_PERMISSIVE_SKIPS: SkipEntry[] = [
  { id: "1.1.11", reason: "Enabling AlwaysPullImages can use significant bandwidth." },
  { id: "1.1.21", reason: SERVING_CERTS },
  { id: "1.1.24", reason: PSP },
  { id: "1.1.34", reason: ENCRYPTION },
  { id: "1.1.35", reason: ENCRYPTION },
  { id: "1.1.36", reason: "EventRateLimit needs to be tuned depending on the cluster." },
  { id: "1.2.2", reason: "Adding this argument prevents Rancher's monitoring tool to collect metrics on the scheduler." },
  { id: "1.3.7", reason: "Adding this argument prevents Rancher's monitoring tool to collect metrics on the controller manager." },
  {
    id: "1.4.12",
    reason:
      "A system service account is required for etcd data directory ownership. Refer to Rancher's hardening guide for more details on how to configure this ownership.",
  },
  { id: "1.7.2", reason: PSP },
  { id: "1.7.3", reason: PSP },
  { id: "1.7.4", reason: PSP },
  { id: "1.7.5", reason: PSP },
  {
    id: "2.1.6",
    reason: "System level configurations are required prior to provisioning the cluster in order for this argument to be set to true.",
  },
  { id: "2.1.10", reason: SERVING_CERTS },
];

const RKE_NO_FILE = (component: string) => `Cluster provisioned by RKE doesn't require or maintain a configuration file for ${component}.`;
const RKE_ROTATION = "Cluster provisioned by RKE handles certificate rotation directly through RKE.";
const RKE_ADMIN_CONF = "Cluster provisioned by RKE does not store the kubernetes default kubeconfig credentials file on the nodes.";

/** RKE CIS 1.4: tests that do not apply to how RKE provisions Kubernetes; left out by every profile. */
export const RKE_CIS_14_NOT_APPLICABLE: SkipEntry[] = [
  { id: "1.1.9", reason: "The argument --repair-malformed-updates has been removed as of Kubernetes version 1.14" },
  { id: "1.3.6", reason: RKE_ROTATION },
  { id: "1.4.1", reason: RKE_NO_FILE("kube-apiserver") },
  { id: "1.4.2", reason: RKE_NO_FILE("kube-apiserver") },
  { id: "1.4.3", reason: RKE_NO_FILE("controller-manager") },
  { id: "1.4.4", reason: RKE_NO_FILE("controller-manager") },
  { id: "1.4.5", reason: RKE_NO_FILE("scheduler") },
  { id: "1.4.6", reason: RKE_NO_FILE("scheduler") },
  { id: "1.4.7", reason: RKE_NO_FILE("etcd") },
  { id: "1.4.8", reason: RKE_NO_FILE("etcd") },
  { id: "1.4.13", reason: RKE_ADMIN_CONF },
  { id: "1.4.14", reason: RKE_ADMIN_CONF },
  { id: "2.1.8", reason: "Clusters provisioned by RKE clusters and most cloud providers require hostnames." },
  { id: "2.1.12", reason: RKE_ROTATION },
  { id: "2.1.13", reason: RKE_ROTATION },
  { id: "2.2.3", reason: RKE_NO_FILE("the kubelet service") },
  { id: "2.2.4", reason: RKE_NO_FILE("the kubelet service") },
  { id: "2.2.9", reason: "RKE doesn't require or maintain a configuration file for the kubelet." },
  { id: "2.2.10", reason: "RKE doesn't require or maintain a configuration file for the kubelet." },
];

const NOT_APPLICABLE: Record<string, SkipEntry[]> = { "rke-cis-1.4": RKE_CIS_14_NOT_APPLICABLE };

export function notApplicableFor(benchmarkId: string): SkipEntry[] {
  return NOT_APPLICABLE[benchmarkId] ?? [];
}

export const BUILT_IN_PROFILES: Profile[] = [
  {
    id: "rke-cis-1.4-permissive",
    name: "RKE-CIS-1.4-Permissive",
    benchmarkId: "rke-cis-1.4",
    description: "Skips the tests that fail on a default RKE cluster, and the not-applicable tests.",
    builtIn: true,
    skips: RKE_CIS_14_PERMISSIVE_SKIPS,
  },
  {
    id: "rke-cis-1.4-hardened",
    name: "RKE-CIS-1.4-Hardened",
    benchmarkId: "rke-cis-1.4",
    description: "Skips only the not-applicable tests. Pass it by following Rancher's hardening guide.",
    builtIn: true,
    skips: [],
  },
  ...["cis-1.8", "cis-1.9"].map((benchmarkId) => ({
    id: benchmarkId,
    name: benchmarkId.toUpperCase(),
    benchmarkId,
    description: "Every test of the benchmark; add your own skips per cluster or make a custom profile.",
    builtIn: true,
    skips: [],
  })),
];

const checkId = z.string().trim().regex(/^\d+(\.\d+)*$/, "must be a check id such as 1.1.11");

export const profileInputSchema = z.object({
  name: z.string().trim().min(1, "is required").max(100),
  benchmarkId: z.string().refine((id) => Boolean(findBenchmark(id)), "is not a known benchmark"),
  description: z.string().max(1000).default(""),
  skips: z.array(z.object({ id: checkId, reason: z.string().trim().min(1, "is required").max(500) })).max(500),
});

function fromRow(row: { id: string; name: string; benchmarkId: string; description: string; skips: unknown }): Profile {
  return { id: row.id, name: row.name, benchmarkId: row.benchmarkId, description: row.description, builtIn: false, skips: row.skips as SkipEntry[] };
}

export async function listProfiles(): Promise<Profile[]> {
  const custom = await db.profile.findMany({ orderBy: { name: "asc" } });
  return [...BUILT_IN_PROFILES, ...custom.map(fromRow)];
}

export async function findProfile(id: string): Promise<Profile | null> {
  const builtIn = BUILT_IN_PROFILES.find((p) => p.id === id || p.name === id);
  if (builtIn) return builtIn;
  const row = await db.profile.findFirst({ where: { OR: [{ id }, { name: id }] } });
  return row ? fromRow(row) : null;
}

export async function requireProfile(id: string, field = "profileId"): Promise<{ profile: Profile; benchmark: Benchmark }> {
  const profile = await findProfile(id);
  if (!profile) throw invalid(field, `"${id}" is not a known profile`);
  const benchmark = findBenchmark(profile.benchmarkId);
  if (!benchmark) throw invalid(field, `profile "${profile.name}" uses unknown benchmark ${profile.benchmarkId}`);
  return { profile, benchmark };
}

/** Profiles with whether each fits the cluster's provider and Kubernetes version. */
export async function profilesForCluster(cluster: { provider: string | null; version: string | null }) {
  const profiles = await listProfiles();
  return profiles.map((p) => {
    const benchmark = findBenchmark(p.benchmarkId);
    return { ...p, benchmarkTitle: benchmark?.title ?? p.benchmarkId, fits: benchmark ? benchmarkFits(benchmark, cluster.provider, cluster.version) : false };
  });
}

export async function createProfile(input: z.infer<typeof profileInputSchema>, createdById: string) {
  if (BUILT_IN_PROFILES.some((p) => p.name.toLowerCase() === input.name.toLowerCase()) || (await db.profile.findUnique({ where: { name: input.name } }))) {
    throw new AppError(409, "conflict", `name: a profile named "${input.name}" already exists`, [{ field: "name", message: "already exists" }]);
  }
  return fromRow(await db.profile.create({ data: { ...input, skips: dedupe(input.skips) as object[], createdById } }));
}

export async function updateProfile(id: string, input: z.infer<typeof profileInputSchema>) {
  if (BUILT_IN_PROFILES.some((p) => p.id === id)) throw invalid("profileId", "built-in profiles cannot be changed");
  const existing = await db.profile.findUnique({ where: { id } });
  if (!existing) throw notFound("Profile");
  return fromRow(await db.profile.update({ where: { id }, data: { ...input, skips: dedupe(input.skips) as object[] } }));
}

export async function deleteProfile(id: string) {
  if (BUILT_IN_PROFILES.some((p) => p.id === id)) throw invalid("profileId", "built-in profiles cannot be deleted");
  const deleted = await db.profile.deleteMany({ where: { id } });
  if (!deleted.count) throw notFound("Profile");
}

function dedupe(skips: SkipEntry[]): SkipEntry[] {
  return [...new Map(skips.map((s) => [s.id, s])).values()];
}

