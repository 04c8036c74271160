import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as notifiersRoute from "@/app/api/notifiers/route";
import * as notifierRoute from "@/app/api/notifiers/[notifierId]/route";
import * as testRoute from "@/app/api/notifiers/[notifierId]/test/route";
import { db } from "@/lib/db";
import { useTestDatabase } from "./db";
import { call, makeUser, type TestUser } from "./http";
import { httpReceiver, smtpReceiver } from "./receivers";

useTestDatabase();
let admin: TestUser;
let receiver: Awaited<ReturnType<typeof httpReceiver>>;
let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
beforeAll(async () => {
  admin = await makeUser("ADMIN");
  receiver = await httpReceiver();
  smtp = await smtpReceiver({ user: "mailer", pass: "s3cret-pass" });
});
afterAll(async () => {
  await receiver?.close();
  await smtp?.close();
});

const create = (body: unknown, user = admin) => call(notifiersRoute.POST as any, "POST", "/api/notifiers", { user, body });
const sendTest = (id: string) => call(testRoute.POST as any, "POST", `/api/notifiers/${id}/test`, { user: admin, params: { notifierId: id } });
const ROUTING_KEY = "0123456789abcdef0123456789abcdef";

describe("notifiers reach real receivers", () => {
  it("Slack incoming webhook", async () => {
    const n = await create({ name: "slack", type: "SLACK", url: `${receiver.url}/services/T000/B000/XXXX`, channel: "#security" });
    expect(n.status, n.text).toBe(201);
    const res = await sendTest(n.json.id);
    expect(res.json).toMatchObject({ ok: true, statusCode: 200 });
    const got = receiver.received.at(-1)!;
    expect(got.path).toBe("/services/T000/B000/XXXX");
    expect(got.json.text).toMatch(/Test notification from CIS Scans/);
    expect(got.json.channel).toBe("#security");
  });

  it("Microsoft Teams webhook (MessageCard)", async () => {
    const n = await create({ name: "teams", type: "TEAMS", url: `${receiver.url}/webhookb2/abc` });
    expect((await sendTest(n.json.id)).json.ok).toBe(true);
    const got = receiver.received.at(-1)!;
    expect(got.json).toMatchObject({ "@type": "MessageCard", "@context": "http://schema.org/extensions" });
    expect(got.json.title).toMatch(/Test notification/);
  });

  it("PagerDuty Events API v2", async () => {
    const n = await create({ name: "pd", type: "PAGERDUTY", routingKey: ROUTING_KEY, url: `${receiver.url}/v2/enqueue` });
    expect(n.status, n.text).toBe(201);
    expect((await sendTest(n.json.id)).json.ok).toBe(true);
    const got = receiver.received.at(-1)!;
    expect(got.path).toBe("/v2/enqueue");
    expect(got.json).toMatchObject({ routing_key: ROUTING_KEY, event_action: "trigger", payload: { severity: "info", source: "cis-scans" } });
  });

  it("generic webhook with an HMAC-SHA256 signature the receiver can check", async () => {
    const n = await create({ name: "hook", type: "WEBHOOK", url: `${receiver.url}/hook`, hmacSecret: "shared-secret" });
    expect((await sendTest(n.json.id)).json.ok).toBe(true);
    const got = receiver.received.at(-1)!;
    const expected = createHmac("sha256", "shared-secret").update(`${got.headers["x-cis-scans-timestamp"]}.${got.body}`).digest("hex");
    expect(got.headers["x-cis-scans-signature"]).toBe(`sha256=${expected}`);
    expect(got.json.title).toMatch(/Test notification/);
  });

  it("email over SMTP with authentication", async () => {
    const n = await create({
      name: "mail",
      type: "EMAIL",
      host: "127.0.0.1",
      port: smtp.port,
      secure: false,
      requireTLS: false,
      username: "mailer",
      password: "s3cret-pass",
      from: "cis@example.test",
      to: ["ops@example.test", "sec@example.test"],
    });
    expect(n.status, n.text).toBe(201);
    const res = await sendTest(n.json.id);
    expect(res.json, JSON.stringify(res.json)).toMatchObject({ ok: true });
    const mail = smtp.mails.at(-1)!;
    expect(mail).toMatchObject({ from: "cis@example.test", to: ["ops@example.test", "sec@example.test"], user: "mailer" });
    expect(mail.raw).toMatch(/Subject: \[INFO\] Test notification from CIS Scans/);
  });

  it("a wrong SMTP password is reported, not thrown", async () => {
    const n = await create({ name: "mail-bad", type: "EMAIL", host: "127.0.0.1", port: smtp.port, username: "mailer", password: "wrong", from: "cis@example.test", to: ["ops@example.test"] });
    const res = await sendTest(n.json.id);
    expect(res.status).toBe(200);
    expect(res.json.ok).toBe(false);
    expect(res.json.error).toMatch(/Invalid|auth/i);
  });
});

describe("secrets", () => {
  it("are encrypted at rest and masked in the API; a blank secret on edit keeps the stored one", async () => {
    const url = `${receiver.url}/services/T111/B222/very-secret-token`;
    const n = await create({ name: "slack-secret", type: "SLACK", url });
    const stored = await db.notifier.findUniqueOrThrow({ where: { id: n.json.id } });
    expect(stored.secretsEnc).not.toContain("very-secret-token");
    expect(JSON.stringify(stored.config)).not.toContain("very-secret-token");
    const list = await call(notifiersRoute.GET as any, "GET", "/api/notifiers", { user: admin });
    expect(list.text).not.toContain("very-secret-token");
    expect(list.json.find((x: { id: string }) => x.id === n.json.id).secrets.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/•+$/);
    // A plain user can list them (to pick one for an alert) and sees no more.
    const user = await makeUser();
    const asUser = await call(notifiersRoute.GET as any, "GET", "/api/notifiers", { user });
    expect(asUser.status).toBe(200);
    expect(asUser.text).not.toContain("very-secret-token");
    const edited = await call(notifierRoute.PUT as any, "PUT", `/api/notifiers/${n.json.id}`, { user: admin, params: { notifierId: n.json.id }, body: { name: "slack-renamed", type: "SLACK", url: "" } });
    expect(edited.status, edited.text).toBe(200);
    expect((await sendTest(n.json.id)).json.ok).toBe(true);
    expect(receiver.received.at(-1)!.path).toBe("/services/T111/B222/very-secret-token");
  });
});

describe("bad notifier input is refused naming the field, and nothing is stored", () => {
  const cases: [string, unknown, string][] = [
    ["a URL that is not one", { name: "a", type: "SLACK", url: "not a url" }, "url"],
    ["plain http to another host", { name: "b", type: "WEBHOOK", url: "http://example.com/hook" }, "url"],
    ["credentials in the URL", { name: "c", type: "TEAMS", url: "https://user:pw@example.com/hook" }, "url"],
    ["a missing URL", { name: "d", type: "WEBHOOK" }, "url"],
    ["a bad routing key", { name: "e", type: "PAGERDUTY", routingKey: "short" }, "routingKey"],
    ["a bad recipient address", { name: "f", type: "EMAIL", host: "smtp.example.com", port: 587, from: "cis@example.test", to: ["not-an-address"] }, "to.0"],
    ["a bad sender address", { name: "g", type: "EMAIL", host: "smtp.example.com", port: 587, from: "nobody", to: ["a@example.test"] }, "from"],
    ["a bad port", { name: "h", type: "EMAIL", host: "smtp.example.com", port: 70000, from: "cis@example.test", to: ["a@example.test"] }, "port"],
    ["an unknown type", { name: "i", type: "CARRIER_PIGEON", url: "https://example.com" }, "type"],
  ];
  for (const [name, body, field] of cases) {
    it(name, async () => {
      const before = await db.notifier.count();
      const res = await create(body);
      expect(res.status, res.text).toBe(422);
      expect(res.json.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await db.notifier.count()).toBe(before);
    });
  }

  it("only Administrators manage notifiers", async () => {
    const user = await makeUser();
    const res = await create({ name: "mine", type: "WEBHOOK", url: `${receiver.url}/x` }, user);
    expect(res.status).toBe(403);
  });
});
