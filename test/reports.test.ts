import JSZip from "jszip";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKubeBench } from "@/kube-sim/kube-bench";
import * as importRoute from "@/app/api/clusters/[clusterId]/scans/import/route";
import * as scansRoute from "@/app/api/clusters/[clusterId]/scans/route";
import * as downloadRoute from "@/app/api/clusters/[clusterId]/scans/download/route";
import * as reportRoute from "@/app/api/clusters/[clusterId]/scans/[scanId]/report/route";
import * as checkRoute from "@/app/api/clusters/[clusterId]/scans/[scanId]/report/checks/[checkId]/route";
import * as scanRoute from "@/app/api/clusters/[clusterId]/scans/[scanId]/route";
import { db } from "@/lib/db";
import { CSV_COLUMNS, neutralizeCell } from "@/lib/reports";
import { useTestDatabase } from "./db";
import { call, makeUser, type TestUser } from "./http";

// Reports from imported kube-bench output (the same parser, aggregation and storage as a dispatched
// scan): the report API, its filters and order, the per-node table, downloads, and deletion.

useTestDatabase();
let admin: TestUser;
let clusterId: string;
let otherClusterId: string;

const run = (name: string, roles: string[], targets: string, extra: { hardened?: boolean; failChecks?: string[] } = {}) =>
  runKubeBench({
    args: ["kube-bench", "run", "--targets", targets, "--benchmark", "rke-cis-1.4", "--json"],
    node: { name, roles, hardened: extra.hardened ?? false, failChecks: extra.failChecks },
    hostPID: true,
    mounts: [{ hostPath: "/", mountPath: "/node" }],
    seed: "reports",
    shape: "current",
  }).stdout;

const nodes = () => [
  { name: "cp-1", roles: ["controlplane"], fileName: "cp-1.json", output: run("cp-1", ["controlplane"], "master") },
  { name: "etcd-1", roles: ["etcd"], fileName: "etcd-1.json", output: run("etcd-1", ["etcd"], "etcd") },
  { name: "worker-1", roles: ["worker"], fileName: "worker-1.json", output: run("worker-1", ["worker"], "node") },
  { name: "worker-2", roles: ["worker"], fileName: "worker-2.json", output: run("worker-2", ["worker"], "node", { failChecks: ["2.1.1"] }) },
];

const importScan = (body: unknown, cluster = clusterId) =>
  call(importRoute.POST as any, "POST", `/api/clusters/${cluster}/scans/import`, { user: admin, params: { clusterId: cluster }, body });

beforeAll(async () => {
  admin = await makeUser("ADMIN");
  clusterId = (await db.cluster.create({ data: { name: "air-gapped" } })).id;
  otherClusterId = (await db.cluster.create({ data: { name: "other" } })).id;
});

describe("importing kube-bench output", () => {
  it("stores a report that says it was imported, aggregated like a dispatched scan", async () => {
    const res = await importScan({ profileId: "rke-cis-1.4-hardened", nodes: nodes() });
    expect(res.status, res.text).toBe(201);
    const scan = await db.scan.findUniqueOrThrow({ where: { id: res.json.id } });
    expect(scan).toMatchObject({ trigger: "IMPORTED", state: "COMPLETED", fail: 16, mixed: 1, notApplicable: 19, nodesTotal: 4 });
    expect((scan.warnings as string[])[0]).toMatch(/Imported/);
  });

  it("refuses bad files one by one, naming them, and stores nothing", async () => {
    const before = await db.scan.count();
    const bad = nodes();
    bad[1].output = bad[1].output.slice(0, 500);
    bad[3].output = "[FAIL] Failed to read config file";
    const res = await importScan({ profileId: "rke-cis-1.4-permissive", nodes: bad });
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: { field: string }) => e.field)).toEqual(["nodes.1.output", "nodes.3.output"]);
    expect(res.json.detail).toMatch(/etcd-1\.json \(etcd-1\)/);
    expect(res.json.detail).toMatch(/worker-2\.json \(worker-2\)/);
    expect(await db.scan.count()).toBe(before);
  });

  it("warns when the files were made for another benchmark than the profile's", async () => {
    const other = nodes();
    other[2].output = other[2].output.replaceAll('"version":"rke-cis-1.4"', '"version":"cis-1.8"');
    const res = await importScan({ profileId: "rke-cis-1.4-permissive", nodes: other });
    expect(res.status).toBe(201);
    const scan = await db.scan.findUniqueOrThrow({ where: { id: res.json.id } });
    expect((scan.warnings as string[])[1]).toBe("1 file(s) were made with another benchmark than the profile's rke-cis-1.4: worker-1.json (cis-1.8)");
    await db.scan.delete({ where: { id: scan.id } });
  });

  it("refuses an unknown profile, duplicate node names and missing roles", async () => {
    expect((await importScan({ profileId: "nope", nodes: nodes() })).json.errors[0].field).toBe("profileId");
    const dup = nodes();
    dup[3].name = "worker-1";
    expect((await importScan({ profileId: "rke-cis-1.4-permissive", nodes: dup })).json.errors[0].field).toBe("nodes.3.name");
    const noRoles = nodes().map((n) => ({ ...n, roles: [] }));
    const res = await importScan({ profileId: "rke-cis-1.4-permissive", nodes: noRoles });
    expect(res.status).toBe(422);
    expect(res.json.errors[0].field).toBe("nodes.0.roles");
  });
});

describe("the report", () => {
  let scanId: string;
  beforeAll(async () => {
    scanId = (await importScan({ profileId: "rke-cis-1.4-hardened", nodes: nodes() })).json.id;
  });
  const report = (query: Record<string, string> = {}) =>
    call(reportRoute.GET as any, "GET", `/api/clusters/${clusterId}/scans/${scanId}/report`, { user: admin, params: { clusterId, scanId }, query });

  it("sorts by severity, then by numeric id", async () => {
    const res = await report({ pageSize: "500" });
    expect(res.status).toBe(200);
    const states = res.json.checks.map((c: { state: string }) => c.state);
    const order = ["FAIL", "MIXED", "WARN", "PASS", "SKIP", "NOT_APPLICABLE"];
    expect(states.map((s: string) => order.indexOf(s))).toEqual([...states.map((s: string) => order.indexOf(s))].sort((a, b) => a - b));
    const passIds = res.json.checks.filter((c: { state: string }) => c.state === "PASS").map((c: { id: string }) => c.id);
    expect(passIds.indexOf("1.1.10")).toBeGreaterThan(passIds.indexOf("1.1.2"));
    expect(res.json.scan.counts).toMatchObject({ fail: 16, mixed: 1, notApplicable: 19 });
    expect(res.json.total).toBe(res.json.scan.counts.total);
  });

  it("filters: failed only, state, node type, search; paginates", async () => {
    const failed = await report({ failedOnly: "true" });
    expect(failed.json.total).toBe(16);
    expect(failed.json.checks[0].state).toBe("FAIL");
    expect(failed.json.checks.at(-1)).toMatchObject({ id: "2.1.1", state: "MIXED", passedCount: 1, failedCount: 1, nodesCount: 2 });
    const etcd = await report({ nodeType: "etcd" });
    expect(etcd.json.checks.every((c: { nodeTypes: string[] }) => c.nodeTypes.includes("etcd"))).toBe(true);
    expect(etcd.json.checks.map((c: { id: string }) => c.id)).toContain("1.5.1");
    const na = await report({ state: "NOT_APPLICABLE" });
    expect(na.json.total).toBe(19);
    expect(na.json.checks[0].reason).toBeTruthy();
    const search = await report({ search: "etcd data directory" });
    expect(search.json.checks.map((c: { id: string }) => c.id).sort()).toEqual(["1.4.11", "1.4.12"]);
    const page2 = await report({ page: "2", pageSize: "10" });
    expect(page2.json.checks).toHaveLength(10);
    const bad = await report({ state: "BROKEN" });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].field).toBe("state");
  });

  it("gives each check's per-node table, failures first", async () => {
    const res = await call(checkRoute.GET as any, "GET", `/api/clusters/${clusterId}/scans/${scanId}/report/checks/2.1.1`, {
      user: admin,
      params: { clusterId, scanId, checkId: "2.1.1" },
    });
    expect(res.status).toBe(200);
    expect(res.json.nodes.map((n: { name: string; state: string }) => [n.name, n.state])).toEqual([
      ["worker-2", "FAIL"],
      ["worker-1", "PASS"],
    ]);
    expect(res.json.nodes[0].roles).toEqual(["worker"]);
    expect(res.json.check.remediation).toBeTruthy();
  });

  it("downloads CSV with exactly Rancher's columns, node lists, and neutralized formulas", async () => {
    const res = await call(downloadRoute.GET as any, "GET", `/api/clusters/${clusterId}/scans/download`, { user: admin, params: { clusterId }, query: { ids: scanId, format: "csv" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="air-gapped-RKE-CIS-1\.4-Hardened-\d{8}-\d{6}\.csv"/);
    const parsed = Papa.parse<string[]>(res.text, { skipEmptyLines: true });
    expect(parsed.data[0]).toEqual([...CSV_COLUMNS]);
    const row = parsed.data.find((r) => r[0] === "2.1.1")!;
    expect(row.slice(3)).toEqual(["mixed", "worker", "worker-1,worker-2", "worker-1", "worker-2"]);
    const na = parsed.data.find((r) => r[0] === "1.1.9")!;
    expect(na[3]).toBe("notApplicable");
    expect(na[2]).toMatch(/removed as of Kubernetes version 1.14/);
    for (const r of parsed.data) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it("neutralizes cells a spreadsheet would run", () => {
    expect(neutralizeCell("=HYPERLINK(\"http://x\")")).toBe("'=HYPERLINK(\"http://x\")");
    expect(neutralizeCell("+1")).toBe("'+1");
    expect(neutralizeCell("-1")).toBe("'-1");
    expect(neutralizeCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(neutralizeCell("\tx")).toBe("'\tx");
    expect(neutralizeCell("1.1.1")).toBe("1.1.1");
  });

  it("downloads JSON, and several reports as one zip", async () => {
    const json = await call(downloadRoute.GET as any, "GET", `/api/clusters/${clusterId}/scans/download`, { user: admin, params: { clusterId }, query: { ids: scanId, format: "json" } });
    expect(json.json.results.find((r: { id: string }) => r.id === "2.1.1")).toMatchObject({ state: "mixed", failedNodes: ["worker-2"] });
    const second = (await importScan({ profileId: "rke-cis-1.4-permissive", nodes: nodes() })).json.id;
    const zipRes = await fetchBinary(downloadRoute.GET, `/api/clusters/${clusterId}/scans/download?ids=${scanId},${second}&format=csv`);
    expect(zipRes.headers.get("content-type")).toBe("application/zip");
    const zip = await JSZip.loadAsync(zipRes.body);
    const files = Object.keys(zip.files);
    expect(files).toHaveLength(2);
    expect(files.some((f) => f.includes("Permissive"))).toBe(true);
    expect((await zip.file(files[0])!.async("string")).split("\r\n")[0]).toBe(CSV_COLUMNS.join(","));
  });

  it("deletes reports of this cluster only", async () => {
    const mine = (await importScan({ profileId: "rke-cis-1.4-permissive", nodes: nodes() })).json.id;
    const theirs = (await importScan({ profileId: "rke-cis-1.4-permissive", nodes: nodes() }, otherClusterId)).json.id;
    // Asking through my cluster for their report: not found, and theirs stays.
    const cross = await call(scansRoute.DELETE as any, "DELETE", `/api/clusters/${clusterId}/scans`, { user: admin, params: { clusterId }, body: { ids: [mine, theirs] } });
    expect(cross.status).toBe(404);
    expect(await db.scan.count({ where: { id: { in: [mine, theirs] } } })).toBe(2);
    const ok = await call(scanRoute.DELETE as any, "DELETE", `/api/clusters/${clusterId}/scans/${mine}`, { user: admin, params: { clusterId, scanId: mine } });
    expect(ok.status).toBe(204);
    expect(await db.scan.count({ where: { id: mine } })).toBe(0);
    expect(await db.checkResult.count({ where: { scanId: mine } })).toBe(0);
    expect(await db.scan.count({ where: { id: theirs } })).toBe(1);
    expect(await db.checkResult.count({ where: { scanId: theirs } })).toBeGreaterThan(0);
  });
});

async function fetchBinary(handler: unknown, path: string) {
  const { NextRequest } = await import("next/server");
  const url = new URL(`http://localhost${path}`);
  const req = new NextRequest(url, { headers: { cookie: admin.cookie } });
  const res = await (handler as any)(req, { params: Promise.resolve({ clusterId }) });
  return { headers: res.headers as Headers, body: new Uint8Array(await res.arrayBuffer()) };
}

afterAll(() => {});
