import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "@/kube-sim";
import * as scheduleRoute from "@/app/api/clusters/[clusterId]/schedule/route";
import * as ymlRoute from "@/app/api/clusters/[clusterId]/schedule/cluster-yml/route";
import * as cronRoute from "@/app/api/cron/route";
import { checkCron, latestMissedFire, nextRuns } from "@/lib/cron";
import { db } from "@/lib/db";
import { applyRetention, fire, Scheduler } from "@/lib/schedules";
import { startScan } from "@/lib/scans/service";
import type { Worker } from "@/lib/worker";
import { useTestDatabase } from "./db";
import { call, makeUser, type TestUser } from "./http";
import { simulatedCluster, testWorker, waitForScan } from "./scan-helpers";

useTestDatabase();
let admin: TestUser;
let owner: TestUser;
let worker: Worker;
const sims: Simulator[] = [];
beforeAll(async () => {
  admin = await makeUser("ADMIN");
  owner = await makeUser();
  worker = await testWorker({ schedules: false, outbox: false });
});
afterAll(async () => {
  await worker?.stop();
  for (const s of sims) await s.stop();
});

async function cluster() {
  const c = await simulatedCluster(admin);
  sims.push(c.sim);
  await db.membership.create({ data: { userId: owner.id, clusterId: c.cluster.id, role: "OWNER" } });
  return c.cluster;
}

const put = (clusterId: string, body: unknown, user = owner) =>
  call(scheduleRoute.PUT as any, "PUT", `/api/clusters/${clusterId}/schedule`, { user, params: { clusterId }, body });

describe("cron", () => {
  it("accepts 5 fields and macros, computes next runs in a time zone", () => {
    expect(checkCron("0  0 * * *")).toBe("0 0 * * *");
    for (const m of ["@daily", "@hourly", "@weekly", "@monthly", "@yearly"]) expect(() => checkCron(m)).not.toThrow();
    const runs = nextRuns("0 3 * * *", "Europe/Berlin", 3);
    const berlin = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", hour: "2-digit", minute: "2-digit" });
    expect(runs.map((d) => berlin.format(d))).toEqual(["03:00", "03:00", "03:00"]);
    expect(runs[1].getTime() - runs[0].getTime()).toBeGreaterThanOrEqual(23 * 3600 * 1000);
    expect(runs[0].getTime()).toBeGreaterThan(Date.now());
    expect(latestMissedFire("*/10 * * * *", "UTC", 60 * 60 * 1000, new Date("2026-06-01T10:27:00Z"))?.toISOString()).toBe("2026-06-01T10:20:00.000Z");
    expect(latestMissedFire("0 0 1 1 *", "UTC", 60 * 60 * 1000, new Date("2026-06-01T10:27:00Z"))).toBeNull();
  });

  it.each([
    ["* * *", /needs 5 fields/],
    ["61 * * * *", /61 is a invalid expression for minute/],
    ["@sometimes", /unknown macro/],
    ["", /is required/],
  ])("refuses %j with a clear message", async (expr, message) => {
    const res = await call(cronRoute.GET as any, "GET", "/api/cron", { user: owner, query: { cron: expr } });
    expect(res.status).toBe(422);
    expect(res.json.errors[0].field).toBe("cron");
    expect(res.json.detail).toMatch(message);
  });

  it("lists next runs in words for the UI", async () => {
    const res = await call(cronRoute.GET as any, "GET", "/api/cron", { user: owner, query: { cron: "@daily", timezone: "America/New_York", count: "3" } });
    expect(res.status).toBe(200);
    expect(res.json.nextRunsText).toHaveLength(3);
    expect(res.json.nextRunsText[0]).toMatch(/00:00 GMT-[45]/);
  });
});

describe("schedules", () => {
  it("an Owner sets a schedule and sees its next runs", async () => {
    const c = await cluster();
    const res = await put(c.id, { enabled: true, profileId: "rke-cis-1.4-permissive", cron: "0 0 * * *", timezone: "UTC", retention: 24 });
    expect(res.status, res.text).toBe(200);
    expect(res.json.nextRuns).toHaveLength(5);
    expect(res.json.nextRunsText[0]).toMatch(/00:00 UTC/);
  });

  it.each([
    ["an invalid cron", { cron: "0 0 * *" }, "cron"],
    ["an unknown profile", { profileId: "nope" }, "profileId"],
    ["an unknown time zone", { timezone: "Mars/Olympus" }, "timezone"],
    ["a retention of 0", { retention: 0 }, "retention"],
    ["an interval under an hour", { cron: "*/10 * * * *" }, "cron"],
  ])("refuses %s, naming the field, and stores nothing", async (_n, change, field) => {
    const c = await cluster();
    const res = await put(c.id, { enabled: true, profileId: "rke-cis-1.4-permissive", cron: "0 0 * * *", timezone: "UTC", retention: 24, ...change });
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await db.schedule.count({ where: { clusterId: c.id } })).toBe(0);
  });

  it("only an Administrator allows intervals under an hour", async () => {
    const c = await cluster();
    const body = { enabled: true, profileId: "rke-cis-1.4-permissive", cron: "*/10 * * * *", timezone: "UTC", retention: 5, allowShortInterval: true };
    const byOwner = await put(c.id, body);
    expect(byOwner.status).toBe(403);
    expect(byOwner.json.errors[0].field).toBe("allowShortInterval");
    const byAdmin = await put(c.id, body, admin);
    expect(byAdmin.status).toBe(200);
    // The Owner may now edit the schedule without touching the permission.
    const { allowShortInterval: _a, ...rest } = body;
    expect((await put(c.id, { ...rest, cron: "*/5 * * * *" })).status).toBe(200);
  });

  it("exports and imports cluster.yml's scheduled_cluster_scan block", async () => {
    const c = await cluster();
    const yml = `scheduled_cluster_scan:
    enabled: true
    scan_config:
        cis_scan_config:
            override_benchmark_version: rke-cis-1.4
            profile: hardened
    schedule_config:
        cron_schedule: 0 0 * * *
        retention: 24
`;
    const imported = await call(ymlRoute.PUT as any, "PUT", `/api/clusters/${c.id}/schedule/cluster-yml`, { user: owner, params: { clusterId: c.id }, body: { yaml: yml } });
    expect(imported.status, imported.text).toBe(200);
    expect(imported.json).toMatchObject({ enabled: true, profileId: "rke-cis-1.4-hardened", cron: "0 0 * * *", retention: 24 });
    const exported = await call(ymlRoute.GET as any, "GET", `/api/clusters/${c.id}/schedule/cluster-yml`, { user: owner, params: { clusterId: c.id } });
    expect(exported.headers.get("content-type")).toMatch(/yaml/);
    expect(exported.text).toBe(yml);
    const bad = await call(ymlRoute.PUT as any, "PUT", `/api/clusters/${c.id}/schedule/cluster-yml`, { user: owner, params: { clusterId: c.id }, body: { yaml: yml.replace("0 0 * * *", "every day") } });
    expect(bad.status).toBe(422);
    expect(bad.json.errors[0].field).toBe("cron");
  });
});

describe("fires", () => {
  async function scheduled(retention = 24) {
    const c = await cluster();
    await put(c.id, { enabled: true, profileId: "rke-cis-1.4-permissive", cron: "0 0 * * *", timezone: "UTC", retention });
    return { c, schedule: await db.schedule.findUniqueOrThrow({ where: { clusterId: c.id } }) };
  }

  it("a fire claimed by several workers at once starts one scan", async () => {
    const { c, schedule } = await scheduled();
    const at = new Date("2026-11-22T00:00:00Z");
    const results = await Promise.all([fire(schedule.id, at), fire(schedule.id, at), fire(schedule.id, at), fire(schedule.id, at)]);
    expect(results.filter((r) => r === "started")).toHaveLength(1);
    expect(results.filter((r) => r === "taken")).toHaveLength(3);
    const scans = await db.scan.findMany({ where: { clusterId: c.id } });
    expect(scans.map((s) => [s.trigger, s.scheduleId])).toEqual([["SCHEDULED", schedule.id]]);
    await waitForScan(scans[0].id);
  });

  it("a fire that finds a scan running is recorded as skipped, with the reason", async () => {
    const { c, schedule } = await scheduled();
    const manual = await startScan(owner.id, c.id, { profileId: "rke-cis-1.4-hardened" });
    expect(await fire(schedule.id, new Date("2026-11-23T00:00:00Z"))).toBe("skipped");
    const f = await db.scheduleFire.findFirstOrThrow({ where: { scheduleId: schedule.id } });
    expect(f).toMatchObject({ status: "SKIPPED", scanId: null });
    expect(f.reason).toMatch(/a scan was already running on the cluster \(cis-/);
    await waitForScan(manual.id);
  });

  it("retention keeps the newest N scheduled reports and every manual one", async () => {
    const { c, schedule } = await scheduled(2);
    const manualFirst = await waitForScan((await startScan(owner.id, c.id, { profileId: "rke-cis-1.4-permissive" })).id);
    const scheduledIds: string[] = [];
    for (let day = 1; day <= 4; day++) {
      await fire(schedule.id, new Date(`2026-12-0${day}T00:00:00Z`));
      const scan = await db.scan.findFirstOrThrow({ where: { clusterId: c.id, trigger: "SCHEDULED" }, orderBy: { createdAt: "desc" } });
      scheduledIds.push(scan.id);
      await waitForScan(scan.id);
      await applyRetention(scan.id);
    }
    const manualLast = await waitForScan((await startScan(owner.id, c.id, { profileId: "rke-cis-1.4-permissive" })).id);
    const left = await db.scan.findMany({ where: { clusterId: c.id }, orderBy: { createdAt: "asc" } });
    expect(left.map((s) => s.id)).toEqual([manualFirst.id, scheduledIds[2], scheduledIds[3], manualLast.id]);
  });

  it("a recent fire missed while every worker was down runs once at start-up, never a backlog", async () => {
    const c = await cluster();
    await put(c.id, { enabled: true, profileId: "rke-cis-1.4-permissive", cron: "*/10 * * * *", timezone: "UTC", retention: 5, allowShortInterval: true }, admin);
    // The schedule existed long before the outage.
    await db.schedule.update({ where: { clusterId: c.id }, data: { updatedAt: new Date(Date.now() - 24 * 3600 * 1000) } });
    const logs: string[] = [];
    const a = new Scheduler((l) => logs.push(l), 60_000);
    const b = new Scheduler((l) => logs.push(l), 60_000);
    await Promise.all([a.start(), b.start()]);
    await Promise.all([a.stop(), b.stop()]);
    const fires = await db.scheduleFire.findMany({ where: { schedule: { clusterId: c.id } } });
    expect(fires).toHaveLength(1);
    expect(fires[0]).toMatchObject({ missed: true, status: "STARTED" });
    expect(await db.scan.count({ where: { clusterId: c.id } })).toBe(1);
    await waitForScan(fires[0].scanId!);
  });
});
