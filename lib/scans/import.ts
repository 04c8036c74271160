import { z } from "zod";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { requireProfile } from "@/lib/profiles";
import { targetsFor } from "@/lib/benchmarks";
import { ParseError, parseKubeBenchOutput, type ParsedOutput } from "./parse";
import { buildReport, ensureDefinitions, storeNodeResults, type DefinitionCache } from "./results";
import { skipRulesOf, skipSnapshot } from "./skips";

// Reports from kube-bench runs made elsewhere (air-gapped clusters, CI pipelines): one output per node,
// with the node's name and roles. The same parser, aggregation and storage as a dispatched scan; all or
// nothing: a bad file is reported by name and nothing is stored.

export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export const importSchema = z.object({
  profileId: z.string().min(1, "is required"),
  name: z.string().trim().max(100).optional(),
  userSkips: z.array(z.string().regex(/^\d+(\.\d+)*$/, "must be a check id")).max(1000).default([]),
  nodes: z
    .array(
      z.object({
        name: z.string().trim().min(1, "is required").max(253),
        roles: z.array(z.enum(["controlplane", "etcd", "worker"])).min(1, "give at least one role"),
        fileName: z.string().max(255).optional(),
        output: z.string().min(1, "is empty"),
      }),
    )
    .min(1, "add at least one node's output")
    .max(10_000),
});

export async function importReport(userId: string, clusterId: string, input: z.infer<typeof importSchema>) {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { id: true } });
  if (!cluster) throw notFound("Cluster");
  const { profile, benchmark } = await requireProfile(input.profileId);

  const names = new Set<string>();
  const problems: { field: string; message: string }[] = [];
  const parsed: ParsedOutput[] = [];
  input.nodes.forEach((node, i) => {
    const label = node.fileName ? `${node.fileName} (${node.name})` : node.name;
    if (names.has(node.name)) problems.push({ field: `nodes.${i}.name`, message: `${node.name} appears twice` });
    names.add(node.name);
    try {
      parsed[i] = parseKubeBenchOutput(node.output);
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      problems.push({ field: `nodes.${i}.output`, message: `${label}: ${err.message}` });
    }
  });
  if (problems.length) {
    throw new AppError(422, "invalid", `Nothing was imported: ${problems.map((p) => p.message).join("; ")}`, problems);
  }

  // kube-bench writes the benchmark into each Controls ("rke-cis-1.4"; old versions just "1.4"): say so
  // when the files were made for another benchmark than the profile's.
  const versionOf = (v: string) => /(\d+(?:\.\d+)*)$/.exec(v)?.[1] ?? v;
  const mismatched = input.nodes.filter((_, i) => {
    const v = parsed[i].benchmarkVersion;
    return v && v !== benchmark.id && versionOf(v) !== versionOf(benchmark.id);
  });
  const warnings = ["Imported from kube-bench output files; not run by this dashboard."];
  if (mismatched.length) {
    warnings.push(
      `${mismatched.length} file(s) were made with another benchmark than the profile's ${benchmark.id}: ${mismatched
        .map((n) => `${n.fileName ?? n.name} (${parsed[input.nodes.indexOf(n)].benchmarkVersion})`)
        .join(", ")}`,
    );
  }
  const skips = skipSnapshot(profile, input.userSkips);
  const now = new Date();
  return db.$transaction(
    async (tx) => {
      const scan = await tx.scan.create({
        data: {
          clusterId,
          name: input.name || `import-${now.toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-")}`,
          profileId: profile.id,
          profileName: profile.name,
          benchmarkId: benchmark.id,
          trigger: "IMPORTED",
          state: "COMPLETED",
          requestedById: userId,
          skips: skips as object[],
          warnings,
          nodesTotal: input.nodes.length,
          createdAt: now,
          startedAt: now,
          finishedAt: now,
        },
      });
      const defs: DefinitionCache = new Map();
      for (const [i, node] of input.nodes.entries()) {
        const row = await tx.scanNode.create({
          data: {
            scanId: scan.id,
            name: node.name,
            roles: node.roles,
            targets: targetsFor(benchmark, node.roles),
            state: "SUCCEEDED",
            startedAt: now,
            finishedAt: now,
          },
        });
        await ensureDefinitions(benchmark, parsed[i].checks, defs, tx);
        await storeNodeResults(scan.id, row.id, parsed[i].checks, defs, tx);
      }
      const counts = await buildReport(scan.id, benchmark.id, skipRulesOf(skips), tx);
      return tx.scan.update({ where: { id: scan.id }, data: counts, select: { id: true, name: true, state: true, total: true, pass: true, fail: true, skip: true, notApplicable: true, warn: true } });
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
