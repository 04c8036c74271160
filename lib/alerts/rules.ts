import { z } from "zod";
import { db, type AlertEvent } from "@/lib/db";
import { invalid, notFound } from "@/lib/errors";
import { enqueue } from "./outbox";
import type { AlertMessage } from "./notifiers";

// Alert rules per cluster. Every cluster has the four rules of Rancher's "set of alerts for cluster scans"
// (inactive until someone activates them and picks notifiers); Owners add their own from Tools > CIS Scans >
// Add Alert. When a scan ends, matching active rules put one message per notifier in the outbox.

export const BUILT_IN_RULES: { event: AlertEvent; name: string; severity: "CRITICAL" | "WARNING" | "INFO" }[] = [
  { event: "MANUAL_COMPLETED", name: "A manual cluster scan was completed", severity: "INFO" },
  { event: "MANUAL_FAILURES", name: "A manual cluster scan has failures", severity: "WARNING" },
  { event: "SCHEDULED_COMPLETED", name: "A scheduled cluster scan was completed", severity: "INFO" },
  { event: "SCHEDULED_FAILURES", name: "A scheduled cluster scan has failures", severity: "WARNING" },
];

const EVENT_WORDS: Record<AlertEvent, string> = {
  MANUAL_COMPLETED: "manual scan completed",
  MANUAL_FAILURES: "manual scan has failures",
  SCHEDULED_COMPLETED: "scheduled scan completed",
  SCHEDULED_FAILURES: "scheduled scan has failures",
};

export const ruleInputSchema = z.object({
  name: z.string().trim().min(1, "is required").max(200),
  event: z.enum(["MANUAL_COMPLETED", "MANUAL_FAILURES", "SCHEDULED_COMPLETED", "SCHEDULED_FAILURES"]),
  severity: z.enum(["CRITICAL", "WARNING", "INFO"]),
  notifierIds: z.array(z.string().min(1)).min(1, "choose at least one notifier").max(20),
  active: z.boolean().default(true),
  minIntervalSeconds: z.number().int().min(0).max(7 * 24 * 3600).nullable().optional(),
});

export const ruleUpdateSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  severity: z.enum(["CRITICAL", "WARNING", "INFO"]).optional(),
  notifierIds: z.array(z.string().min(1)).max(20).optional(),
  active: z.boolean().optional(),
  minIntervalSeconds: z.number().int().min(0).max(7 * 24 * 3600).nullable().optional(),
});

const ruleInclude = { notifiers: { select: { notifier: { select: { id: true, name: true, type: true } } } } } as const;

function view(rule: Awaited<ReturnType<typeof findRule>>) {
  const { notifiers, ...rest } = rule;
  return { ...rest, notifiers: notifiers.map((n) => n.notifier) };
}

async function findRule(clusterId: string, id: string) {
  const rule = await db.alertRule.findFirst({ where: { id, clusterId }, include: ruleInclude });
  if (!rule) throw notFound("Alert");
  return rule;
}

async function ensureBuiltIns(clusterId: string) {
  await db.alertRule.createMany({
    data: BUILT_IN_RULES.map((r) => ({ clusterId, event: r.event, name: r.name, severity: r.severity, builtIn: true, active: false })),
    skipDuplicates: true,
  });
}

async function checkNotifiers(ids: string[]) {
  const found = await db.notifier.count({ where: { id: { in: ids } } });
  if (found !== new Set(ids).size) throw invalid("notifierIds", "contains a notifier that does not exist");
}

export async function listRules(clusterId: string) {
  await ensureBuiltIns(clusterId);
  const rules = await db.alertRule.findMany({ where: { clusterId }, include: ruleInclude, orderBy: [{ builtIn: "desc" }, { createdAt: "asc" }] });
  return rules.map(view);
}

export async function createRule(clusterId: string, input: z.infer<typeof ruleInputSchema>) {
  await checkNotifiers(input.notifierIds);
  const { notifierIds, ...data } = input;
  const rule = await db.alertRule.create({
    data: { ...data, clusterId, notifiers: { create: [...new Set(notifierIds)].map((notifierId) => ({ notifierId })) } },
    include: ruleInclude,
  });
  return view(rule);
}

export async function updateRule(clusterId: string, id: string, input: z.infer<typeof ruleUpdateSchema>) {
  const rule = await findRule(clusterId, id);
  if (input.notifierIds) await checkNotifiers(input.notifierIds);
  const notifierIds = input.notifierIds ?? rule.notifiers.map((n) => n.notifier.id);
  if (input.active && !notifierIds.length) throw invalid("notifierIds", "an active alert needs at least one notifier");
  const { notifierIds: _ids, ...data } = input;
  const updated = await db.alertRule.update({
    where: { id },
    data: {
      ...data,
      ...(input.notifierIds ? { notifiers: { deleteMany: {}, create: [...new Set(input.notifierIds)].map((notifierId) => ({ notifierId })) } } : {}),
    },
    include: ruleInclude,
  });
  return view(updated);
}

export async function deleteRule(clusterId: string, id: string) {
  const rule = await findRule(clusterId, id);
  if (rule.builtIn) throw invalid("ruleId", "the four built-in alerts cannot be deleted; deactivate them instead");
  await db.alertRule.delete({ where: { id } });
}

export function appUrl(): string | null {
  const base = process.env.APP_URL || process.env.NEXTAUTH_URL;
  return base ? base.replace(/\/+$/, "") : null;
}

/** After a scan: one outbox message per notifier of every matching active rule. */
export async function alertOnScan(scanId: string): Promise<number> {
  const scan = await db.scan.findUnique({ where: { id: scanId }, include: { cluster: { select: { id: true, name: true } } } });
  if (!scan || scan.trigger === "IMPORTED" || !["COMPLETED", "FAILED"].includes(scan.state)) return 0;
  const prefix = scan.trigger === "SCHEDULED" ? "SCHEDULED" : "MANUAL";
  const events: AlertEvent[] = [];
  if (scan.state === "COMPLETED") events.push(`${prefix}_COMPLETED` as AlertEvent);
  if (scan.fail > 0 || scan.state === "FAILED") events.push(`${prefix}_FAILURES` as AlertEvent);
  const rules = await db.alertRule.findMany({ where: { clusterId: scan.clusterId, active: true, event: { in: events } }, include: { notifiers: true } });
  let queued = 0;
  for (const rule of rules) {
    // Claim the rule's notification slot: only one scan end per minimum interval, across replicas.
    const claimed = await db.$executeRaw`
      UPDATE "AlertRule" SET "lastNotifiedAt" = now()
      WHERE "id" = ${rule.id}
        AND ("minIntervalSeconds" IS NULL OR "lastNotifiedAt" IS NULL OR "lastNotifiedAt" < now() - ("minIntervalSeconds" * interval '1 second'))`;
    if (!claimed) continue;
    const url = appUrl();
    const message: AlertMessage = {
      title: `CIS scan on ${scan.cluster.name}: ${EVENT_WORDS[rule.event]}`,
      text: [
        `Cluster: ${scan.cluster.name}`,
        `Scan: ${scan.name} (${scan.trigger.toLowerCase()})`,
        `Profile: ${scan.profileName}`,
        `State: ${scan.state.toLowerCase()}${scan.error ? ` (${scan.error})` : ""}`,
        `Results: ${scan.pass} passed, ${scan.fail} failed${scan.mixed ? ` (${scan.mixed} mixed)` : ""}, ${scan.skip} skipped, ${scan.notApplicable} not applicable${scan.warn ? `, ${scan.warn} warnings` : ""}`,
        `Alert: ${rule.name}`,
      ].join("\n"),
      severity: rule.severity,
      event: rule.event,
      url: url ? `${url}/clusters/${scan.clusterId}/cis-scans/${scan.id}` : null,
      cluster: scan.cluster,
      scan: { id: scan.id, name: scan.name, profile: scan.profileName, trigger: scan.trigger.toLowerCase(), state: scan.state.toLowerCase() },
      counts: { pass: scan.pass, fail: scan.fail, skip: scan.skip, notApplicable: scan.notApplicable, warn: scan.warn, total: scan.total },
    };
    queued += await enqueue({ ruleId: rule.id, clusterId: scan.clusterId, scanId: scan.id, notifierIds: rule.notifiers.map((n) => n.notifierId), message });
  }
  return queued;
}
