import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "@/kube-sim";
import * as alertsRoute from "@/app/api/clusters/[clusterId]/alerts/route";
import * as alertRoute from "@/app/api/clusters/[clusterId]/alerts/[ruleId]/route";
import { createNotifier } from "@/lib/alerts/notifiers";
import { processOutbox } from "@/lib/alerts/outbox";
import { db } from "@/lib/db";
import { startScan } from "@/lib/scans/service";
import type { Worker } from "@/lib/worker";
import { useTestDatabase } from "./db";
import { call, makeUser, type TestUser } from "./http";
import { httpReceiver } from "./receivers";
import { simulatedCluster, testWorker, waitForScan } from "./scan-helpers";

// Alerts after scans, delivered through the outbox to a real HTTP receiver, with retries and give-up.

useTestDatabase();
let admin: TestUser;
let worker: Worker;
let receiver: Awaited<ReturnType<typeof httpReceiver>>;
const sims: Simulator[] = [];
beforeAll(async () => {
  process.env.NOTIFIER_TIMEOUT_MS = "1000";
  process.env.APP_URL = "https://cis.example.test";
  admin = await makeUser("ADMIN");
  receiver = await httpReceiver();
  // Scans and schedules run here; the outbox is driven by the tests so that retries are observable.
  worker = await testWorker({ outbox: false, schedules: false });
});
afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
  for (const s of sims) await s.stop();
});

async function setup(event = "MANUAL_COMPLETED", extra: Record<string, unknown> = {}) {
  const { sim, cluster } = await simulatedCluster(admin);
  sims.push(sim);
  const notifier = await createNotifier({ name: `hook-${cluster.id}`, type: "WEBHOOK", url: `${receiver.url}/hook/${cluster.id}` });
  const rule = await call(alertsRoute.POST as any, "POST", `/api/clusters/${cluster.id}/alerts`, {
    user: admin,
    params: { clusterId: cluster.id },
    body: { name: "tell me", event, severity: "WARNING", notifierIds: [notifier.id], ...extra },
  });
  expect(rule.status, rule.text).toBe(201);
  return { cluster, notifier, rule: rule.json };
}

const receivedFor = (clusterId: string) => receiver.received.filter((r) => r.path === `/hook/${clusterId}`);

async function drain(rounds = 20, waitMs = 60) {
  for (let i = 0; i < rounds; i++) {
    await processOutbox({ baseBackoffMs: 10 });
    await new Promise((r) => setTimeout(r, waitMs));
  }
}

describe("alert rules", () => {
  it("every cluster has the four rules of the seeds, inactive by default, which cannot be deleted", async () => {
    const { cluster } = await setup();
    const list = await call(alertsRoute.GET as any, "GET", `/api/clusters/${cluster.id}/alerts`, { user: admin, params: { clusterId: cluster.id } });
    const builtIn = list.json.filter((r: { builtIn: boolean }) => r.builtIn);
    expect(builtIn.map((r: { event: string; active: boolean }) => [r.event, r.active])).toEqual([
      ["MANUAL_COMPLETED", false],
      ["MANUAL_FAILURES", false],
      ["SCHEDULED_COMPLETED", false],
      ["SCHEDULED_FAILURES", false],
    ]);
    const del = await call(alertRoute.DELETE as any, "DELETE", `/api/clusters/${cluster.id}/alerts/${builtIn[0].id}`, { user: admin, params: { clusterId: cluster.id, ruleId: builtIn[0].id } });
    expect(del.status).toBe(422);
    const activateWithout = await call(alertRoute.PATCH as any, "PATCH", `/api/clusters/${cluster.id}/alerts/${builtIn[0].id}`, { user: admin, params: { clusterId: cluster.id, ruleId: builtIn[0].id }, body: { active: true } });
    expect(activateWithout.status).toBe(422);
    expect(activateWithout.json.errors[0].field).toBe("notifierIds");
  });

  it("refuses an unknown notifier or event, naming the field", async () => {
    const { cluster } = await setup();
    const bad = await call(alertsRoute.POST as any, "POST", `/api/clusters/${cluster.id}/alerts`, { user: admin, params: { clusterId: cluster.id }, body: { name: "x", event: "MANUAL_COMPLETED", severity: "INFO", notifierIds: ["nope"] } });
    expect(bad.status).toBe(422);
    expect(bad.json.errors[0].field).toBe("notifierIds");
    const badEvent = await call(alertsRoute.POST as any, "POST", `/api/clusters/${cluster.id}/alerts`, { user: admin, params: { clusterId: cluster.id }, body: { name: "x", event: "SOMETIMES", severity: "INFO", notifierIds: ["nope"] } });
    expect(badEvent.json.errors[0].field).toBe("event");
  });
});

describe("a scan's end notifies", () => {
  it("names the cluster, scan, profile, trigger and counts, and links to the report", async () => {
    const { cluster } = await setup();
    const scan = await waitForScan((await startScan(admin.id, cluster.id, { profileId: "rke-cis-1.4-permissive" })).id);
    await drain(5);
    const got = receivedFor(cluster.id);
    expect(got).toHaveLength(1);
    const m = got[0].json;
    expect(m.title).toContain(cluster.name);
    expect(m.text).toContain("Profile: RKE-CIS-1.4-Permissive");
    expect(m.text).toMatch(/Results: \d+ passed, 0 failed, 15 skipped, 19 not applicable/);
    expect(m.scan).toMatchObject({ id: scan.id, trigger: "manual", profile: "RKE-CIS-1.4-Permissive" });
    expect(m.counts).toMatchObject({ fail: 0, skip: 15, notApplicable: 19 });
    expect(m.url).toBe(`https://cis.example.test/clusters/${cluster.id}/cis-scans/${scan.id}`);
    const delivery = await db.delivery.findFirstOrThrow({ where: { scanId: scan.id }, include: { log: true } });
    expect(delivery).toMatchObject({ status: "DELIVERED", attempts: 1 });
    expect(delivery.log).toHaveLength(1);
  });

  it("'has failures' fires for a hardened scan of a default cluster, not for a clean one", async () => {
    const { cluster } = await setup("MANUAL_FAILURES");
    await waitForScan((await startScan(admin.id, cluster.id, { profileId: "rke-cis-1.4-permissive" })).id);
    await drain(3);
    expect(receivedFor(cluster.id)).toHaveLength(0);
    await waitForScan((await startScan(admin.id, cluster.id, { profileId: "rke-cis-1.4-hardened" })).id);
    await drain(3);
    expect(receivedFor(cluster.id)).toHaveLength(1);
    expect(receivedFor(cluster.id)[0].json.counts.fail).toBe(15);
  });

  it("a receiver that fails twice then succeeds gets exactly one delivery, after three logged attempts", async () => {
    const { cluster } = await setup();
    receiver.respondWith([500, 503]);
    const scan = await waitForScan((await startScan(admin.id, cluster.id, { profileId: "rke-cis-1.4-permissive" })).id);
    await drain();
    expect(receivedFor(cluster.id)).toHaveLength(1);
    const delivery = await db.delivery.findFirstOrThrow({ where: { scanId: scan.id }, include: { log: { orderBy: { at: "asc" } } } });
    expect(delivery).toMatchObject({ status: "DELIVERED", attempts: 3 });
    expect(delivery.log.map((a) => [a.ok, a.statusCode])).toEqual([[false, 500], [false, 503], [true, 200]]);
  });

  it("a receiver that always fails ends as failed after the bound, and the scan is untouched", async () => {
    const { cluster } = await setup();
    receiver.respondWith(Array(20).fill(502));
    const scan = await waitForScan((await startScan(admin.id, cluster.id, { profileId: "rke-cis-1.4-permissive" })).id);
    expect(scan.state).toBe("COMPLETED");
    await drain(30);
    receiver.respondWith([]);
    const delivery = await db.delivery.findFirstOrThrow({ where: { scanId: scan.id }, include: { log: true } });
    expect(delivery).toMatchObject({ status: "FAILED", attempts: 6, lastError: "HTTP 502" });
    expect(delivery.log).toHaveLength(6);
    expect(receivedFor(cluster.id)).toHaveLength(0);
    expect((await db.scan.findUniqueOrThrow({ where: { id: scan.id } })).state).toBe("COMPLETED");
  });

  it("a receiver that never answers times out and is retried; a client error is not retried", async () => {
    const { cluster } = await setup();
    receiver.respondWith(["hang", 404]);
    const scan = await waitForScan((await startScan(admin.id, cluster.id, { profileId: "rke-cis-1.4-permissive" })).id);
    await drain(30);
    const delivery = await db.delivery.findFirstOrThrow({ where: { scanId: scan.id }, include: { log: { orderBy: { at: "asc" } } } });
    expect(delivery.log.map((a) => a.statusCode ?? a.error)).toEqual(["timed out after 1 s", 404]);
    expect(delivery.status).toBe("FAILED");
    receiver.respondWith([]);
  });

  it("honours the minimum interval between notifications", async () => {
    const { cluster } = await setup("MANUAL_COMPLETED", { minIntervalSeconds: 3600 });
    await waitForScan((await startScan(admin.id, cluster.id, { profileId: "rke-cis-1.4-permissive" })).id);
    await waitForScan((await startScan(admin.id, cluster.id, { profileId: "rke-cis-1.4-permissive" })).id);
    await drain(3);
    expect(receivedFor(cluster.id)).toHaveLength(1);
  });

  it("inactive rules stay silent", async () => {
    const { cluster, rule } = await setup();
    await call(alertRoute.PATCH as any, "PATCH", `/api/clusters/${cluster.id}/alerts/${rule.id}`, { user: admin, params: { clusterId: cluster.id, ruleId: rule.id }, body: { active: false } });
    await waitForScan((await startScan(admin.id, cluster.id, { profileId: "rke-cis-1.4-permissive" })).id);
    await drain(3);
    expect(receivedFor(cluster.id)).toHaveLength(0);
  });
});
