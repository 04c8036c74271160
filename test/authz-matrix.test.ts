import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "@/kube-sim";
import { db } from "@/lib/db";
import { useTestDatabase } from "./db";
import { call } from "./http";
import { makeWorld, PERSONAS, workerOutput, type Persona, type World } from "./world";

// Every API route × every persona → the expected status. The routes are enumerated from app/api, so a
// new route without a row here fails this test.

useTestDatabase();
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ preset: "rke-3", tls: true });
});
afterAll(async () => {
  await sim?.stop();
});

type Status = Record<Persona, number>;
const signedIn = (s: number): Status => ({ anonymous: 401, otherClusterMember: s, member: s, owner: s, admin: s });
const adminOnly = (s: number): Status => ({ anonymous: 401, otherClusterMember: 403, member: 403, owner: 403, admin: s });
const clusterView = (s: number): Status => ({ anonymous: 401, otherClusterMember: 404, member: s, owner: s, admin: s });
const clusterManage = (s: number): Status => ({ anonymous: 401, otherClusterMember: 404, member: 403, owner: s, admin: s });

interface Row {
  expect: Status;
  params?: (w: World) => Record<string, string | string[]>;
  query?: (w: World) => Record<string, string>;
  body?: (w: World) => unknown;
}

const unique = () => Math.random().toString(36).slice(2, 8);
const scanParams = (w: World) => ({ clusterId: w.clusterA, scanId: w.scanA });

export const MATRIX: Record<string, Row> = {
  "GET /api/health": { expect: { anonymous: 200, otherClusterMember: 200, member: 200, owner: 200, admin: 200 } },
  "GET /api/me": { expect: signedIn(200) },
  "POST /api/account/password": {
    expect: signedIn(204),
    body: () => ({ currentPassword: "correct horse battery", newPassword: "a whole new passphrase" }),
  },
  "GET /api/users": { expect: adminOnly(200) },
  "POST /api/users": {
    expect: adminOnly(201),
    body: () => ({ email: `new-${unique()}@example.test`, name: "New", password: "long enough password" }),
  },
  "PATCH /api/users/[userId]": {
    expect: adminOnly(200),
    params: (w) => ({ userId: w.bystander.id }),
    body: () => ({ name: "Renamed" }),
  },
  "DELETE /api/users/[userId]": { expect: adminOnly(204), params: (w) => ({ userId: w.bystander.id }) },
  "GET /api/clusters": { expect: signedIn(200) },
  "POST /api/clusters": {
    expect: signedIn(201),
    body: () => ({ auth: "KUBECONFIG", name: `new-${unique()}`, kubeconfig: sim.kubeconfig() }),
  },
  "POST /api/clusters/inspect": { expect: signedIn(200), body: () => ({ kubeconfig: sim.kubeconfig() }) },
  "GET /api/clusters/[clusterId]": { expect: clusterView(200), params: (w) => ({ clusterId: w.clusterA }) },
  "PATCH /api/clusters/[clusterId]": {
    expect: clusterManage(200),
    params: (w) => ({ clusterId: w.clusterA }),
    body: () => ({ description: "changed" }),
  },
  "DELETE /api/clusters/[clusterId]": { expect: clusterManage(204), params: (w) => ({ clusterId: w.clusterA }) },
  "POST /api/clusters/[clusterId]/test": { expect: clusterManage(200), params: (w) => ({ clusterId: w.clusterA }) },
  "GET /api/clusters/[clusterId]/members": { expect: adminOnly(200), params: (w) => ({ clusterId: w.clusterA }) },
  "PUT /api/clusters/[clusterId]/members/[userId]": {
    expect: adminOnly(200),
    params: (w) => ({ clusterId: w.clusterA, userId: w.bystander.id }),
    body: () => ({ role: "MEMBER" }),
  },
  "DELETE /api/clusters/[clusterId]/members/[userId]": {
    expect: adminOnly(204),
    params: (w) => ({ clusterId: w.clusterA, userId: w.users.member.id }),
  },
  "GET /api/benchmarks": { expect: signedIn(200) },
  "GET /api/profiles": { expect: signedIn(200) },
  "POST /api/profiles": {
    expect: adminOnly(201),
    body: () => ({ name: `p-${unique()}`, benchmarkId: "rke-cis-1.4", skips: [{ id: "1.1.11", reason: "bandwidth" }] }),
  },
  "PUT /api/profiles/[profileId]": {
    expect: adminOnly(200),
    params: (w) => ({ profileId: w.profileId }),
    body: () => ({ name: `p-${unique()}`, benchmarkId: "rke-cis-1.4", skips: [] }),
  },
  "DELETE /api/profiles/[profileId]": { expect: adminOnly(204), params: (w) => ({ profileId: w.profileId }) },
  "GET /api/clusters/[clusterId]/profiles": { expect: clusterManage(200), params: (w) => ({ clusterId: w.clusterA }) },
  "GET /api/clusters/[clusterId]/scans": { expect: clusterManage(200), params: (w) => ({ clusterId: w.clusterA }) },
  "POST /api/clusters/[clusterId]/scans": {
    expect: clusterManage(201),
    params: (w) => ({ clusterId: w.clusterA }),
    body: () => ({ profileId: "rke-cis-1.4-permissive" }),
  },
  "DELETE /api/clusters/[clusterId]/scans": {
    expect: clusterManage(204),
    params: (w) => ({ clusterId: w.clusterA }),
    body: (w) => ({ ids: [w.scanA] }),
  },
  "GET /api/clusters/[clusterId]/scans/preview": {
    expect: clusterManage(200),
    params: (w) => ({ clusterId: w.clusterA }),
    query: () => ({ profileId: "rke-cis-1.4-permissive" }),
  },
  "POST /api/clusters/[clusterId]/scans/import": {
    expect: clusterManage(201),
    params: (w) => ({ clusterId: w.clusterA }),
    body: () => ({ profileId: "rke-cis-1.4-permissive", nodes: [{ name: "w", roles: ["worker"], output: workerOutput("w") }] }),
  },
  "GET /api/clusters/[clusterId]/scans/download": {
    expect: clusterManage(200),
    params: (w) => ({ clusterId: w.clusterA }),
    query: (w) => ({ ids: w.scanA, format: "csv" }),
  },
  "GET /api/clusters/[clusterId]/scans/[scanId]": { expect: clusterManage(200), params: scanParams },
  "DELETE /api/clusters/[clusterId]/scans/[scanId]": { expect: clusterManage(204), params: scanParams },
  // The report is finished: an allowed caller gets past authorization to "already finished".
  "POST /api/clusters/[clusterId]/scans/[scanId]/cancel": { expect: clusterManage(409), params: scanParams },
  "GET /api/clusters/[clusterId]/scans/[scanId]/nodes": { expect: clusterManage(200), params: scanParams },
  "GET /api/clusters/[clusterId]/scans/[scanId]/report": { expect: clusterManage(200), params: scanParams },
  "GET /api/clusters/[clusterId]/scans/[scanId]/report/checks/[checkId]": {
    expect: clusterManage(200),
    params: (w) => ({ ...scanParams(w), checkId: "2.1.1" }),
  },
  "GET /api/clusters/[clusterId]/skips": {
    expect: clusterManage(200),
    params: (w) => ({ clusterId: w.clusterA }),
    query: () => ({ benchmark: "rke-cis-1.4" }),
  },
  "GET /api/cron": { expect: signedIn(200), query: () => ({ cron: "@daily" }) },
  "GET /api/notifiers": { expect: signedIn(200) },
  "POST /api/notifiers": {
    expect: adminOnly(201),
    body: () => ({ name: `n-${unique()}`, type: "WEBHOOK", url: "https://hooks.example.test/x" }),
  },
  "PUT /api/notifiers/[notifierId]": {
    expect: adminOnly(200),
    params: (w) => ({ notifierId: w.notifierId }),
    body: () => ({ name: `n-${unique()}`, type: "WEBHOOK" }),
  },
  "DELETE /api/notifiers/[notifierId]": { expect: adminOnly(204), params: (w) => ({ notifierId: w.notifierId }) },
  // The receiver does not exist: an allowed caller gets the send result (ok: false), not an error.
  "POST /api/notifiers/[notifierId]/test": { expect: adminOnly(200), params: (w) => ({ notifierId: w.notifierId }) },
  "GET /api/clusters/[clusterId]/schedule": { expect: clusterManage(200), params: (w) => ({ clusterId: w.clusterA }) },
  "PUT /api/clusters/[clusterId]/schedule": {
    expect: clusterManage(200),
    params: (w) => ({ clusterId: w.clusterA }),
    body: () => ({ enabled: true, profileId: "rke-cis-1.4-permissive", cron: "0 0 * * *", timezone: "UTC", retention: 3 }),
  },
  "DELETE /api/clusters/[clusterId]/schedule": { expect: clusterManage(204), params: (w) => ({ clusterId: w.clusterA }) },
  "GET /api/clusters/[clusterId]/schedule/fires": { expect: clusterManage(200), params: (w) => ({ clusterId: w.clusterA }) },
  "GET /api/clusters/[clusterId]/schedule/cluster-yml": { expect: clusterManage(200), params: (w) => ({ clusterId: w.clusterA }) },
  "PUT /api/clusters/[clusterId]/schedule/cluster-yml": {
    expect: clusterManage(200),
    params: (w) => ({ clusterId: w.clusterA }),
    body: () => ({ yaml: "scheduled_cluster_scan:\n  enabled: true\n  scan_config:\n    cis_scan_config:\n      override_benchmark_version: rke-cis-1.4\n      profile: permissive\n  schedule_config:\n    cron_schedule: 0 0 * * *\n    retention: 24\n" }),
  },
  "GET /api/clusters/[clusterId]/alerts": { expect: clusterManage(200), params: (w) => ({ clusterId: w.clusterA }) },
  "POST /api/clusters/[clusterId]/alerts": {
    expect: clusterManage(201),
    params: (w) => ({ clusterId: w.clusterA }),
    body: (w) => ({ name: "a", event: "MANUAL_COMPLETED", severity: "INFO", notifierIds: [w.notifierId] }),
  },
  "PATCH /api/clusters/[clusterId]/alerts/[ruleId]": {
    expect: clusterManage(200),
    params: (w) => ({ clusterId: w.clusterA, ruleId: w.ruleId }),
    body: () => ({ active: false }),
  },
  "DELETE /api/clusters/[clusterId]/alerts/[ruleId]": { expect: clusterManage(204), params: (w) => ({ clusterId: w.clusterA, ruleId: w.ruleId }) },
  "GET /api/clusters/[clusterId]/deliveries": { expect: clusterManage(200), params: (w) => ({ clusterId: w.clusterA }) },
  "PUT /api/clusters/[clusterId]/skips": {
    expect: clusterManage(200),
    params: (w) => ({ clusterId: w.clusterA }),
    query: () => ({ benchmark: "rke-cis-1.4" }),
    body: () => ({ ids: ["1.1.2"] }),
  },
};

// next-auth's own endpoints (sign-in, sign-out, session, CSRF) are public by design and need Next's request
// scope; the browser tests exercise them.
const EXEMPT = ["GET /api/auth/[...nextauth]", "POST /api/auth/[...nextauth]"];

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const API_DIR = path.join(process.cwd(), "app", "api");

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(p);
    return e.name === "route.ts" ? [p] : [];
  });
}

const routes = await Promise.all(
  routeFiles(API_DIR).map(async (file) => {
    const urlPath = "/" + path.relative(path.join(process.cwd(), "app"), path.dirname(file)).split(path.sep).join("/");
    const mod = (await import(file)) as Record<string, unknown>;
    return METHODS.filter((m) => typeof mod[m] === "function").map((m) => ({ key: `${m} ${urlPath}`, method: m, urlPath, handler: mod[m] as any }));
  }),
).then((r) => r.flat());

describe("authorization matrix", () => {
  it("has a row for every API route and no row for a route that does not exist", () => {
    const keys = routes.map((r) => r.key).sort();
    expect([...Object.keys(MATRIX), ...EXEMPT].sort()).toEqual(keys);
  });

  for (const route of routes) {
    const row = MATRIX[route.key];
    if (!row) continue;
    describe(route.key, () => {
      for (const persona of PERSONAS) {
        it(`${persona} → ${row.expect[persona]}`, async () => {
          const world = await makeWorld(sim.kubeconfig({ contextName: "default" }));
          const params = row.params?.(world) ?? {};
          const concrete = route.urlPath.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_: string, name: string) => {
            const v = params[name];
            return Array.isArray(v) ? v.join("/") : String(v);
          });
          const res = await call(route.handler, route.method, concrete, {
            user: persona === "anonymous" ? null : world.users[persona],
            params: params as Record<string, string>,
            body: row.body?.(world),
            query: row.query?.(world),
          });
          expect(res.status, res.text.slice(0, 300)).toBe(row.expect[persona]);
          if (res.status >= 400) {
            expect(res.headers.get("content-type")).toContain("application/problem+json");
          }
        });
      }
    });
  }
});

describe("what a refused caller cannot change", () => {
  it("a Member's refused delete leaves the cluster in place", async () => {
    const world = await makeWorld();
    const { DELETE } = await import("@/app/api/clusters/[clusterId]/route");
    const res = await call(DELETE as any, "DELETE", `/api/clusters/${world.clusterA}`, {
      user: world.users.member,
      params: { clusterId: world.clusterA },
    });
    expect(res.status).toBe(403);
    expect(await db.cluster.count({ where: { id: world.clusterA } })).toBe(1);
  });

  it("lists only the clusters a user is a member of; an Administrator sees all", async () => {
    const world = await makeWorld();
    const { GET } = await import("@/app/api/clusters/route");
    const mine = await call(GET as any, "GET", "/api/clusters", { user: world.users.member });
    expect(mine.json.map((c: { id: string }) => c.id)).toEqual([world.clusterA]);
    expect(mine.json[0].myRole).toBe("MEMBER");
    // Members see that the cluster exists, not where it is or what runs on it.
    expect(mine.json[0]).toMatchObject({ server: "", version: null, nodeSummary: null });
    expect(JSON.stringify(mine.json)).not.toContain("kubeconfig");
    const all = await call(GET as any, "GET", "/api/clusters", { user: world.users.admin });
    expect(all.json.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([world.clusterA, world.clusterB]));
  });
});
