import JSZip from "jszip";
import Papa from "papaparse";
import { z } from "zod";
import { db, Prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { ROLE_ORDER, type NodeRole } from "@/lib/k8s/nodes";
import { STATE_ORDER, type CheckState } from "@/lib/scans/aggregate";

// A scan's report: per-check rows (filtered, sorted by severity then numeric id, paginated), each check's
// per-node table, and the downloads (CSV with the columns Rancher's report has, JSON, several as a zip).

export const reportQuery = z.object({
  state: z.enum(["FAIL", "MIXED", "WARN", "PASS", "SKIP", "NOT_APPLICABLE"]).optional(),
  nodeType: z.enum(["controlplane", "etcd", "worker"]).optional(),
  failedOnly: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
  search: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});

/** Rancher's words for the report states, as its CSV used them. */
export const STATE_LABELS: Record<CheckState, string> = {
  FAIL: "fail",
  MIXED: "mixed",
  WARN: "warn",
  PASS: "pass",
  SKIP: "skip",
  NOT_APPLICABLE: "notApplicable",
};

async function scanOf(clusterId: string, scanId: string) {
  const scan = await db.scan.findFirst({ where: { id: scanId, clusterId }, include: { cluster: { select: { name: true } } } });
  if (!scan) throw notFound("Report");
  return scan;
}

function checkWhere(scanId: string, q: Partial<z.infer<typeof reportQuery>>): Prisma.ScanCheckWhereInput {
  const states = q.failedOnly ? (["FAIL", "MIXED"] as CheckState[]) : q.state ? [q.state] : undefined;
  return {
    scanId,
    ...(states ? { state: { in: states } } : {}),
    ...(q.nodeType || q.search
      ? {
          definition: {
            ...(q.nodeType ? { nodeTypes: { has: q.nodeType } } : {}),
            ...(q.search
              ? { OR: [{ checkId: { startsWith: q.search } }, { description: { contains: q.search, mode: "insensitive" as const } }] }
              : {}),
          },
        }
      : {}),
  };
}

const sortNodeTypes = (types: string[]) => [...types].sort((a, b) => ROLE_ORDER.indexOf(a as NodeRole) - ROLE_ORDER.indexOf(b as NodeRole));

export async function getReport(clusterId: string, scanId: string, q: z.infer<typeof reportQuery>) {
  const scan = await scanOf(clusterId, scanId);
  const where = checkWhere(scanId, q);
  const [rows, total] = await Promise.all([
    db.scanCheck.findMany({
      where,
      include: { definition: true },
      orderBy: [{ state: "asc" }, { sortKey: "asc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
    db.scanCheck.count({ where }),
  ]);
  return {
    scan: {
      id: scan.id,
      name: scan.name,
      clusterName: scan.cluster.name,
      profileName: scan.profileName,
      benchmarkId: scan.benchmarkId,
      trigger: scan.trigger,
      state: scan.state,
      warnings: scan.warnings as string[],
      createdAt: scan.createdAt,
      startedAt: scan.startedAt,
      finishedAt: scan.finishedAt,
      counts: { total: scan.total, pass: scan.pass, fail: scan.fail, mixed: scan.mixed, warn: scan.warn, skip: scan.skip, notApplicable: scan.notApplicable },
    },
    checks: rows.map((r) => ({
      id: r.definition.checkId,
      description: r.definition.description,
      remediation: r.definition.remediation,
      state: r.state,
      reason: r.reason,
      skipSource: r.skipSource,
      nodeTypes: sortNodeTypes(r.definition.nodeTypes),
      section: r.definition.section,
      nodesCount: r.nodesCount,
      passedCount: r.passedCount,
      failedCount: r.failedCount,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export const checkNodesQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).default(100),
});

/** The per-node table of one check: every node expected to run it, failures first. */
export async function getCheckNodes(clusterId: string, scanId: string, checkId: string, q: z.infer<typeof checkNodesQuery>) {
  const scan = await scanOf(clusterId, scanId);
  const def = await db.checkDefinition.findUnique({ where: { benchmarkId_checkId: { benchmarkId: scan.benchmarkId, checkId } } });
  if (!def) throw notFound("Check");
  const rows = await db.$queryRaw<{ name: string; roles: string[]; nodeState: string; reason: string | null; status: string | null; actualValue: string | null; total: bigint }[]>`
    SELECT n."name", n."roles", n."state"::text AS "nodeState", n."reason", r."status"::text AS "status", r."actualValue",
           count(*) OVER () AS "total"
    FROM "ScanNode" n
    LEFT JOIN "CheckResult" r ON r."scanId" = n."scanId" AND r."nodeId" = n."id" AND r."checkDefId" = ${def.id}
    WHERE n."scanId" = ${scanId} AND n."state" <> 'NOT_SCANNED' AND (n."roles" && ${def.nodeTypes}::text[] OR r."status" IS NOT NULL)
    ORDER BY CASE r."status" WHEN 'FAIL' THEN 0 WHEN 'WARN' THEN 2 WHEN 'PASS' THEN 3 ELSE 1 END, n."name"
    LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`;
  return {
    check: { id: def.checkId, description: def.description, remediation: def.remediation, nodeTypes: sortNodeTypes(def.nodeTypes) },
    nodes: rows.map((r) => ({
      name: r.name,
      roles: sortNodeTypes(r.roles),
      state: r.status ?? "NO_RESULT",
      actualValue: r.actualValue,
      nodeReason: r.status ? null : (r.reason ?? `node ${r.nodeState.toLowerCase().replace("_", " ")}`),
    })),
    total: Number(rows[0]?.total ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

// ---------------------------------------------------------------------------------------------------
// Downloads

export const CSV_COLUMNS = ["ID", "Description", "Remediation", "State of Test", "Node type", "Nodes", "Passed_Nodes", "Failed_Nodes"] as const;

/** A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection). */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export interface FullReportRow {
  id: string;
  description: string;
  remediation: string;
  state: CheckState;
  reason: string | null;
  skipSource: string | null;
  nodeTypes: string[];
  nodes: string[];
  passedNodes: string[];
  failedNodes: string[];
}

/** Every row of a report with its node lists (for downloads). */
export async function fullReport(clusterId: string, scanId: string) {
  const scan = await scanOf(clusterId, scanId);
  const [checks, nodes] = await Promise.all([
    db.scanCheck.findMany({ where: { scanId }, include: { definition: true } }),
    db.scanNode.findMany({ where: { scanId }, select: { id: true, name: true, roles: true, state: true }, orderBy: { name: "asc" } }),
  ]);
  const nodeName = new Map(nodes.map((n) => [n.id, n.name]));
  const passed = new Map<number, string[]>();
  const failed = new Map<number, string[]>();
  const PAGE = 100_000;
  for (let offset = 0; ; offset += PAGE) {
    const page = await db.checkResult.findMany({
      where: { scanId, status: { in: ["PASS", "FAIL"] } },
      select: { checkDefId: true, nodeId: true, status: true },
      orderBy: [{ checkDefId: "asc" }, { nodeId: "asc" }],
      skip: offset,
      take: PAGE,
    });
    for (const r of page) {
      const target = r.status === "PASS" ? passed : failed;
      if (!target.has(r.checkDefId)) target.set(r.checkDefId, []);
      target.get(r.checkDefId)!.push(nodeName.get(r.nodeId) ?? String(r.nodeId));
    }
    if (page.length < PAGE) break;
  }
  const scanned = nodes.filter((n) => n.state !== "NOT_SCANNED");
  const rows: FullReportRow[] = checks
    .map((c) => ({
      id: c.definition.checkId,
      description: c.definition.description,
      remediation: c.state === "NOT_APPLICABLE" && c.reason ? c.reason : c.definition.remediation,
      state: c.state,
      reason: c.reason,
      skipSource: c.skipSource,
      nodeTypes: sortNodeTypes(c.definition.nodeTypes),
      nodes: scanned.filter((n) => n.roles.some((r) => c.definition.nodeTypes.includes(r))).map((n) => n.name),
      passedNodes: (passed.get(c.checkDefId) ?? []).sort(),
      failedNodes: (failed.get(c.checkDefId) ?? []).sort(),
      sortKey: c.sortKey,
    }))
    .sort((a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) || a.sortKey.localeCompare(b.sortKey))
    .map(({ sortKey: _s, ...row }) => row);
  return { scan, rows };
}

export function reportToCsv(rows: FullReportRow[]): string {
  const data = rows.map((r) =>
    [r.id, r.description, r.remediation, STATE_LABELS[r.state], r.nodeTypes.join(","), r.nodes.join(","), r.passedNodes.join(","), r.failedNodes.join(",")].map(
      neutralizeCell,
    ),
  );
  return Papa.unparse({ fields: [...CSV_COLUMNS], data }, { newline: "\r\n" });
}

export function reportToJson(scan: Awaited<ReturnType<typeof fullReport>>["scan"], rows: FullReportRow[]) {
  return {
    cluster: scan.cluster.name,
    scan: scan.name,
    profile: scan.profileName,
    benchmark: scan.benchmarkId,
    trigger: scan.trigger.toLowerCase(),
    state: scan.state.toLowerCase(),
    startedAt: scan.startedAt,
    finishedAt: scan.finishedAt,
    warnings: scan.warnings,
    counts: { total: scan.total, pass: scan.pass, fail: scan.fail, mixed: scan.mixed, warn: scan.warn, skip: scan.skip, notApplicable: scan.notApplicable },
    results: rows.map((r) => ({ ...r, state: STATE_LABELS[r.state] })),
  };
}

/** "<cluster>-<profile>-<time>.<ext>", safe as a file name everywhere. */
export function reportFileName(scan: { cluster: { name: string }; profileName: string; createdAt: Date }, ext: string): string {
  const time = scan.createdAt.toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, "");
  return `${safe(scan.cluster.name)}-${safe(scan.profileName)}-${time}.${ext}`;
}

export const downloadQuery = z.object({
  format: z.enum(["csv", "json"]).default("csv"),
  ids: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : [])),
});

async function renderOne(clusterId: string, scanId: string, format: "csv" | "json") {
  const { scan, rows } = await fullReport(clusterId, scanId);
  const body = format === "csv" ? reportToCsv(rows) : JSON.stringify(reportToJson(scan, rows), null, 2);
  return { name: reportFileName(scan, format), body };
}

/** One report as a file, or several as one zip. */
export async function downloadReports(clusterId: string, ids: string[], format: "csv" | "json") {
  if (ids.length === 1) {
    const one = await renderOne(clusterId, ids[0], format);
    return { fileName: one.name, contentType: format === "csv" ? "text/csv; charset=utf-8" : "application/json", body: one.body as string | Uint8Array };
  }
  const zip = new JSZip();
  const used = new Set<string>();
  for (const id of ids) {
    const one = await renderOne(clusterId, id, format);
    let name = one.name;
    for (let i = 2; used.has(name); i++) name = one.name.replace(/(\.\w+)$/, `-${i}$1`);
    used.add(name);
    zip.file(name, one.body);
  }
  const cluster = await db.cluster.findUniqueOrThrow({ where: { id: clusterId }, select: { name: true } });
  const body = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
  return { fileName: `${cluster.name.replace(/[^A-Za-z0-9._-]+/g, "_")}-cis-reports.zip`, contentType: "application/zip", body };
}
