import type { Benchmark } from "@/lib/benchmarks";
import { db } from "@/lib/db";
import type { NodeRole } from "@/lib/k8s/nodes";
import { aggregate, countStates, numericSortKey, type SkipRules } from "./aggregate";
import type { ParsedCheck } from "./parse";

// Storage of results: check definitions learned from kube-bench's output, one row per check per node
// (written in one statement per node), and the per-check report computed when the scan ends.

/** The client to write with: the shared one, or a transaction's (imports are stored all or nothing). */
export type Db = Pick<typeof db, "$queryRaw" | "$executeRaw" | "scanNode" | "checkDefinition" | "checkResult" | "scanCheck">;

export type DefinitionCache = Map<string, { id: number; nodeTypes: NodeRole[] }>;

/** Ids of the check definitions of these checks, creating or refreshing them as kube-bench describes them. */
export async function ensureDefinitions(benchmark: Benchmark, checks: ParsedCheck[], cache: DefinitionCache, client: Db = db): Promise<DefinitionCache> {
  const missing = checks.filter((c) => {
    const known = cache.get(c.id);
    return !known || !known.nodeTypes.includes(benchmark.nodeTypes[c.nodeType] ?? "worker");
  });
  if (!missing.length) return cache;
  const rows = missing.map((c) => ({
    checkId: c.id,
    nodeType: benchmark.nodeTypes[c.nodeType] ?? "worker",
    description: c.description,
    remediation: c.remediation,
    scored: c.scored,
    type: c.type,
    section: c.section,
  }));
  const saved = await client.$queryRaw<{ id: number; checkId: string; nodeTypes: NodeRole[] }[]>`
    INSERT INTO "CheckDefinition" ("benchmarkId", "checkId", "nodeTypes", "description", "remediation", "scored", "type", "section", "updatedAt")
    SELECT DISTINCT ON (r."checkId") ${benchmark.id}, r."checkId", ARRAY[r."nodeType"], r."description", r."remediation", r."scored", r."type", r."section", now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS r("checkId" text, "nodeType" text, "description" text, "remediation" text, "scored" boolean, "type" text, "section" text)
    ON CONFLICT ("benchmarkId", "checkId") DO UPDATE SET
      "description" = EXCLUDED."description", "remediation" = EXCLUDED."remediation",
      "nodeTypes" = ARRAY(SELECT DISTINCT unnest("CheckDefinition"."nodeTypes" || EXCLUDED."nodeTypes") ORDER BY 1),
      "scored" = EXCLUDED."scored", "type" = EXCLUDED."type", "section" = EXCLUDED."section", "updatedAt" = now()
    RETURNING "id", "checkId", "nodeTypes"`;
  for (const row of saved) cache.set(row.checkId, { id: row.id, nodeTypes: row.nodeTypes });
  return cache;
}

/** Stores one node's results; idempotent, so a retry after a restart does not duplicate rows. */
export async function storeNodeResults(scanId: string, nodeId: number, checks: ParsedCheck[], defs: DefinitionCache, client: Db = db): Promise<void> {
  if (!checks.length) return;
  await client.$executeRaw`
    INSERT INTO "CheckResult" ("scanId", "checkDefId", "nodeId", "status", "actualValue")
    SELECT ${scanId}, d, ${nodeId}, s::"ResultStatus", v
    FROM unnest(${checks.map((c) => defs.get(c.id)!.id)}::int[], ${checks.map((c) => c.status)}::text[], ${checks.map((c) => c.actualValue)}::text[]) AS t(d, s, v)
    ON CONFLICT DO NOTHING`;
}

const RESULT_PAGE = 100_000;

/** Aggregates a scan's results into its report rows and counts, replacing any earlier aggregation. */
export async function buildReport(scanId: string, benchmarkId: string, skips: SkipRules, client: Db = db) {
  const nodes = await client.scanNode.findMany({ where: { scanId }, select: { id: true, roles: true, state: true } });
  const definitions = await client.checkDefinition.findMany({ where: { benchmarkId } });
  const results: { key: number; nodeId: number; status: "PASS" | "FAIL" | "WARN" | "INFO" }[] = [];
  for (let offset = 0; ; offset += RESULT_PAGE) {
    const page = await client.checkResult.findMany({
      where: { scanId },
      select: { checkDefId: true, nodeId: true, status: true },
      orderBy: [{ checkDefId: "asc" }, { nodeId: "asc" }],
      skip: offset,
      take: RESULT_PAGE,
    });
    for (const r of page) results.push({ key: r.checkDefId, nodeId: r.nodeId, status: r.status });
    if (page.length < RESULT_PAGE) break;
  }
  const reportedDefs = new Set(results.map((r) => r.key));
  const rows = aggregate(
    definitions
      .filter((d) => reportedDefs.has(d.id) || nodes.some((n) => d.nodeTypes.some((t) => n.roles.includes(t))))
      .map((d) => ({ key: d.id, checkId: d.checkId, nodeTypes: d.nodeTypes as NodeRole[], scored: d.scored, type: d.type })),
    nodes.map((n) => ({ id: n.id, roles: n.roles as NodeRole[], scanned: n.state !== "NOT_SCANNED" })),
    results,
    skips,
  );
  const counts = countStates(rows);
  await client.scanCheck.deleteMany({ where: { scanId } });
  await client.scanCheck.createMany({
      data: rows.map((r) => ({
        scanId,
        checkDefId: r.key,
        state: r.state,
        reason: r.reason,
        skipSource: r.skipSource,
        nodesCount: r.nodes.length,
        passedCount: r.passed.length,
        failedCount: r.failed.length,
        sortKey: numericSortKey(r.checkId),
      })),
  });
  return counts;
}
