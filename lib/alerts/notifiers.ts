import { createHmac } from "node:crypto";
import net from "node:net";
import nodemailer from "nodemailer";
import { z } from "zod";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { db, type Notifier } from "@/lib/db";
import { AppError, invalid, notFound } from "@/lib/errors";

// Notifiers: Slack and Microsoft Teams incoming webhooks, PagerDuty Events API v2, a generic JSON webhook
// (optionally signed with HMAC-SHA256), and email over SMTP. Administrators manage them. Secrets (webhook
// URLs, which carry their own tokens; routing keys; SMTP passwords; HMAC keys) are encrypted at rest and
// only ever shown masked.

export const NOTIFIER_TYPES = ["SLACK", "TEAMS", "PAGERDUTY", "WEBHOOK", "EMAIL"] as const;
export type NotifierType = (typeof NOTIFIER_TYPES)[number];
export const PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";
const sendTimeoutMs = () => Number(process.env.NOTIFIER_TIMEOUT_MS) || 10_000;

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** https, or http to this machine only; no credentials in the URL. */
export function checkTargetUrl(value: string, field: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw invalid(field, "is not a valid URL");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.test(url.hostname))) {
    throw invalid(field, "must be an https:// URL (http:// is accepted only for localhost)");
  }
  if (!url.hostname) throw invalid(field, "has no host");
  if (url.username || url.password) throw invalid(field, "must not contain a user name or password");
  return url.toString();
}

const email = z.string().trim().toLowerCase().pipe(z.email("is not a valid email address"));
const hostname = z
  .string()
  .trim()
  .min(1, "is required")
  .max(253)
  .refine((h) => net.isIP(h) !== 0 || /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(h), "is not a valid host name");

const base = { name: z.string().trim().min(1, "is required").max(100) };
export const notifierInputSchema = z.discriminatedUnion("type", [
  z.object({ ...base, type: z.literal("SLACK"), url: z.string().optional(), channel: z.string().max(100).optional() }),
  z.object({ ...base, type: z.literal("TEAMS"), url: z.string().optional() }),
  z.object({ ...base, type: z.literal("PAGERDUTY"), routingKey: z.string().max(100).optional(), url: z.string().optional() }),
  z.object({ ...base, type: z.literal("WEBHOOK"), url: z.string().optional(), hmacSecret: z.string().max(500).optional() }),
  z.object({
    ...base,
    type: z.literal("EMAIL"),
    host: hostname,
    port: z.number().int().min(1).max(65535),
    secure: z.boolean().default(false),
    requireTLS: z.boolean().default(false),
    username: z.string().max(200).optional(),
    password: z.string().max(500).optional(),
    from: email,
    to: z.array(email).min(1, "add at least one recipient").max(50),
  }),
]);
export type NotifierInput = z.infer<typeof notifierInputSchema>;

interface Secrets {
  url?: string;
  routingKey?: string;
  password?: string;
  hmacSecret?: string;
}

const aad = (id: string) => `notifier:${id}`;

/** Splits input into what may be shown and what must be encrypted; `previous` keeps secrets left blank. */
function split(input: NotifierInput, previous: Secrets | null): { config: Record<string, unknown>; secrets: Secrets } {
  const keep = <K extends keyof Secrets>(k: K, v: string | undefined) => (v !== undefined && v !== "" ? v : previous?.[k]);
  switch (input.type) {
    case "SLACK":
    case "TEAMS": {
      const url = keep("url", input.url);
      if (!url) throw invalid("url", "is required");
      return { config: { channel: input.type === "SLACK" ? input.channel : undefined }, secrets: { url: checkTargetUrl(url, "url") } };
    }
    case "WEBHOOK": {
      const url = keep("url", input.url);
      if (!url) throw invalid("url", "is required");
      return { config: {}, secrets: { url: checkTargetUrl(url, "url"), hmacSecret: keep("hmacSecret", input.hmacSecret) } };
    }
    case "PAGERDUTY": {
      const routingKey = keep("routingKey", input.routingKey);
      if (!routingKey || !/^[A-Za-z0-9]{20,64}$/.test(routingKey)) throw invalid("routingKey", "must be the 32-character integration key of a PagerDuty Events API v2 integration");
      return { config: { url: checkTargetUrl(input.url || PAGERDUTY_EVENTS_URL, "url") }, secrets: { routingKey } };
    }
    case "EMAIL": {
      if (input.password && !input.username) throw invalid("username", "is required when a password is set");
      return {
        config: { host: input.host, port: input.port, secure: input.secure, requireTLS: input.requireTLS, username: input.username || undefined, from: input.from, to: input.to },
        secrets: { password: keep("password", input.password) },
      };
    }
  }
}

function mask(value: string | undefined, keep = 4): string | null {
  if (!value) return null;
  return value.length <= keep ? "••••" : `${"•".repeat(8)}${value.slice(-keep)}`;
}

function maskUrl(url: string | undefined): string | null {
  if (!url) return null;
  const u = new URL(url);
  return `${u.protocol}//${u.host}/••••••••`;
}

export function readSecrets(n: Pick<Notifier, "id" | "secretsEnc">): Secrets {
  return JSON.parse(decryptSecret(n.secretsEnc, aad(n.id)));
}

/** What the browser and the API see: settings, and only masked hints of the secrets. */
export function notifierView(n: Notifier) {
  const s = readSecrets(n);
  return {
    id: n.id,
    name: n.name,
    type: n.type,
    config: n.config as Record<string, unknown>,
    secrets: { url: maskUrl(s.url), routingKey: mask(s.routingKey), password: s.password ? "••••••••" : null, hmacSecret: s.hmacSecret ? "••••••••" : null },
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
  };
}

export async function listNotifiers() {
  return (await db.notifier.findMany({ orderBy: { name: "asc" } })).map(notifierView);
}

async function assertNameFree(name: string, exceptId?: string) {
  const other = await db.notifier.findUnique({ where: { name }, select: { id: true } });
  if (other && other.id !== exceptId) throw new AppError(409, "conflict", `name: a notifier named "${name}" already exists`, [{ field: "name", message: "already exists" }]);
}

export async function createNotifier(input: NotifierInput) {
  await assertNameFree(input.name);
  const { config, secrets } = split(input, null);
  const id = crypto.randomUUID();
  const n = await db.notifier.create({ data: { id, name: input.name, type: input.type, config: config as object, secretsEnc: encryptSecret(JSON.stringify(secrets), aad(id)) } });
  return notifierView(n);
}

export async function updateNotifier(id: string, input: NotifierInput) {
  const existing = await db.notifier.findUnique({ where: { id } });
  if (!existing) throw notFound("Notifier");
  if (existing.type !== input.type) throw invalid("type", "cannot change; create a new notifier instead");
  await assertNameFree(input.name, id);
  const { config, secrets } = split(input, readSecrets(existing));
  const n = await db.notifier.update({ where: { id }, data: { name: input.name, config: config as object, secretsEnc: encryptSecret(JSON.stringify(secrets), aad(id)) } });
  return notifierView(n);
}

export async function deleteNotifier(id: string) {
  const deleted = await db.notifier.deleteMany({ where: { id } });
  if (!deleted.count) throw notFound("Notifier");
}

// ---------------------------------------------------------------------------------------------------
// Sending

export interface AlertMessage {
  title: string;
  text: string;
  severity: "CRITICAL" | "WARNING" | "INFO";
  event: string;
  url: string | null;
  cluster: { id: string; name: string } | null;
  scan: { id: string; name: string; profile: string; trigger: string; state: string } | null;
  counts: { pass: number; fail: number; skip: number; notApplicable: number; warn: number; total: number } | null;
}

export interface SendResult {
  ok: boolean;
  statusCode?: number;
  error?: string;
  /** Worth trying again: timeouts, connection errors, 429 and 5xx. */
  retryable: boolean;
}

const SLACK_EMOJI = { CRITICAL: ":red_circle:", WARNING: ":warning:", INFO: ":information_source:" } as const;
const TEAMS_COLOR = { CRITICAL: "D13438", WARNING: "FFB900", INFO: "0078D4" } as const;

function bodyFor(n: Notifier, secrets: Secrets, m: AlertMessage): unknown {
  const link = m.url ? `\n${m.url}` : "";
  switch (n.type) {
    case "SLACK":
      return {
        text: `${SLACK_EMOJI[m.severity]} *${m.title}*\n${m.text}${link}`,
        ...((n.config as { channel?: string }).channel ? { channel: (n.config as { channel?: string }).channel } : {}),
      };
    case "TEAMS":
      return {
        "@type": "MessageCard",
        "@context": "http://schema.org/extensions",
        summary: m.title,
        themeColor: TEAMS_COLOR[m.severity],
        title: m.title,
        text: m.text.replace(/\n/g, "<br>"),
        ...(m.url ? { potentialAction: [{ "@type": "OpenUri", name: "Open the report", targets: [{ os: "default", uri: m.url }] }] } : {}),
      };
    case "PAGERDUTY":
      return {
        routing_key: secrets.routingKey,
        event_action: "trigger",
        dedup_key: m.scan ? `cis-scans-${m.scan.id}-${m.event}` : undefined,
        payload: {
          summary: m.title.slice(0, 1024),
          source: m.cluster?.name ?? "cis-scans",
          severity: m.severity.toLowerCase(),
          component: "cis-scans",
          custom_details: { text: m.text, counts: m.counts, profile: m.scan?.profile, trigger: m.scan?.trigger },
        },
        ...(m.url ? { links: [{ href: m.url, text: "CIS scan report" }] } : {}),
      };
    default:
      return m;
  }
}

async function sendHttp(n: Notifier, secrets: Secrets, m: AlertMessage): Promise<SendResult> {
  const target = n.type === "PAGERDUTY" ? String((n.config as { url?: string }).url ?? PAGERDUTY_EVENTS_URL) : secrets.url!;
  const body = JSON.stringify(bodyFor(n, secrets, m));
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "cis-scans" };
  if (n.type === "WEBHOOK" && secrets.hmacSecret) {
    const timestamp = Math.floor(Date.now() / 1000).toString();
    headers["x-cis-scans-timestamp"] = timestamp;
    headers["x-cis-scans-signature"] = `sha256=${createHmac("sha256", secrets.hmacSecret).update(`${timestamp}.${body}`).digest("hex")}`;
  }
  try {
    const res = await fetch(target, { method: "POST", headers, body, redirect: "error", signal: AbortSignal.timeout(sendTimeoutMs()) });
    await res.text().catch(() => "");
    if (res.ok) return { ok: true, statusCode: res.status, retryable: false };
    return { ok: false, statusCode: res.status, error: `HTTP ${res.status}`, retryable: res.status === 429 || res.status >= 500 };
  } catch (err) {
    const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    const timeout = e.name === "TimeoutError" || e.name === "AbortError";
    return { ok: false, error: timeout ? `timed out after ${sendTimeoutMs() / 1000} s` : (e.cause?.code ?? e.cause?.message ?? e.message ?? String(err)), retryable: true };
  }
}

async function sendEmail(n: Notifier, secrets: Secrets, m: AlertMessage): Promise<SendResult> {
  const c = n.config as { host: string; port: number; secure: boolean; requireTLS: boolean; username?: string; from: string; to: string[] };
  const transport = nodemailer.createTransport({
    host: c.host,
    port: c.port,
    secure: c.secure,
    requireTLS: c.requireTLS,
    auth: c.username ? { user: c.username, pass: secrets.password ?? "" } : undefined,
    connectionTimeout: sendTimeoutMs(),
    greetingTimeout: sendTimeoutMs(),
    socketTimeout: sendTimeoutMs(),
  });
  try {
    await transport.sendMail({ from: c.from, to: c.to, subject: `[${m.severity}] ${m.title}`, text: `${m.text}${m.url ? `\n\n${m.url}` : ""}\n` });
    return { ok: true, retryable: false };
  } catch (err) {
    const e = err as { responseCode?: number; message?: string; code?: string };
    // SMTP 4xx is transient, 5xx permanent; no response at all (connection, timeout) is worth a retry.
    const retryable = e.responseCode === undefined || (e.responseCode >= 400 && e.responseCode < 500);
    return { ok: false, statusCode: e.responseCode, error: e.message ?? String(err), retryable };
  } finally {
    transport.close();
  }
}

export async function send(n: Notifier, m: AlertMessage): Promise<SendResult> {
  const secrets = readSecrets(n);
  return n.type === "EMAIL" ? sendEmail(n, secrets, m) : sendHttp(n, secrets, m);
}

export async function sendTest(id: string) {
  const n = await db.notifier.findUnique({ where: { id } });
  if (!n) throw notFound("Notifier");
  const started = Date.now();
  const result = await send(n, {
    title: `Test notification from CIS Scans (${n.name})`,
    text: "If you can read this, CIS Scans can reach this notifier.",
    severity: "INFO",
    event: "TEST",
    url: null,
    cluster: null,
    scan: null,
    counts: null,
  });
  return { ...result, durationMs: Date.now() - started };
}
