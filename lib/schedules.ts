import cron, { type ScheduledTask } from "node-cron";
import yaml from "js-yaml";
import { z } from "zod";
import { checkCron, latestMissedFire, nextRuns, shortestInterval, validTimezone, describeRuns } from "@/lib/cron";
import { db, type Schedule } from "@/lib/db";
import { AppError, invalid, notFound } from "@/lib/errors";
import { BUILT_IN_PROFILES, findProfile, requireProfile } from "@/lib/profiles";
import { startScan } from "@/lib/scans/service";
import type { SessionUser } from "@/lib/session";

// Recurring scans: one schedule per cluster (Rancher's "CIS Scan Enabled / Profile / Interval / Report
// Retention"), fired by node-cron in every worker. Each fire is claimed as a ScheduleFire row, unique per
// schedule and fire time, so with any number of replicas a fire starts at most one scan. A fire that finds
// a scan already running is recorded as skipped. A fire missed while every worker was down runs once at
// start-up when it is recent (MISSED_FIRE_WINDOW), never as a backlog.

export const MIN_INTERVAL_MS = 60 * 60 * 1000;
export const MISSED_FIRE_WINDOW_MS = (Number(process.env.MISSED_FIRE_WINDOW_MINUTES) || 60) * 60 * 1000;

export const scheduleInputSchema = z.object({
  enabled: z.boolean().default(true),
  profileId: z.string().min(1, "is required"),
  cron: z.string().max(100),
  timezone: z.string().max(64).default("UTC"),
  retention: z.number().int().min(1, "must keep at least 1 report").max(1000, "at most 1000 reports"),
  allowShortInterval: z.boolean().optional(),
});

type ScheduleInput = z.infer<typeof scheduleInputSchema>;

async function validated(user: SessionUser, input: ScheduleInput, existing: Schedule | null) {
  const expr = checkCron(input.cron, "cron");
  if (!validTimezone(input.timezone)) throw invalid("timezone", `"${input.timezone}" is not a known time zone (e.g. UTC, Europe/Berlin)`);
  await requireProfile(input.profileId, "profileId");
  if (input.allowShortInterval !== undefined && input.allowShortInterval !== (existing?.allowShortInterval ?? false) && user.role !== "ADMIN") {
    throw new AppError(403, "forbidden", "allowShortInterval: only an Administrator can allow intervals shorter than an hour", [
      { field: "allowShortInterval", message: "only an Administrator can change this" },
    ]);
  }
  const allowShort = input.allowShortInterval ?? existing?.allowShortInterval ?? false;
  if (!allowShort && shortestInterval(expr, input.timezone) < MIN_INTERVAL_MS) {
    throw invalid("cron", "runs more often than once an hour; an Administrator can allow shorter intervals for this cluster");
  }
  return { ...input, cron: expr, allowShortInterval: allowShort };
}

export function scheduleView(s: Schedule | null) {
  if (!s) return null;
  const runs = s.enabled ? nextRuns(s.cron, s.timezone, 5) : [];
  return { ...s, nextRuns: runs, nextRunsText: describeRuns(runs, s.timezone) };
}

export async function getSchedule(clusterId: string) {
  return scheduleView(await db.schedule.findUnique({ where: { clusterId } }));
}

export async function setSchedule(user: SessionUser, clusterId: string, input: ScheduleInput) {
  const existing = await db.schedule.findUnique({ where: { clusterId } });
  const data = await validated(user, input, existing);
  const saved = await db.schedule.upsert({ where: { clusterId }, create: { clusterId, ...data }, update: data });
  return scheduleView(saved);
}

export async function deleteSchedule(clusterId: string) {
  const deleted = await db.schedule.deleteMany({ where: { clusterId } });
  if (!deleted.count) throw notFound("Schedule");
}

export async function listFires(clusterId: string, limit = 50) {
  return db.scheduleFire.findMany({ where: { schedule: { clusterId } }, orderBy: { fireAt: "desc" }, take: limit });
}

// ---------------------------------------------------------------------------------------------------
// cluster.yml's scheduled_cluster_scan block

export async function exportClusterYml(clusterId: string): Promise<string> {
  const s = await db.schedule.findUnique({ where: { clusterId } });
  if (!s) throw notFound("Schedule");
  const profile = await findProfile(s.profileId);
  const builtIn = BUILT_IN_PROFILES.find((p) => p.id === s.profileId);
  const block = {
    scheduled_cluster_scan: {
      enabled: s.enabled,
      scan_config: {
        cis_scan_config: {
          override_benchmark_version: profile?.benchmarkId ?? "",
          // Rancher's words for the RKE profiles ("permissive", "hardened"); other profiles by name.
          profile: builtIn?.id.startsWith(`${builtIn.benchmarkId}-`) ? builtIn.id.slice(builtIn.benchmarkId.length + 1) : (profile?.name ?? s.profileId),
        },
      },
      schedule_config: { cron_schedule: s.cron, retention: s.retention },
    },
  };
  return yaml.dump(block, { indent: 4, lineWidth: 200 });
}

const clusterYmlSchema = z.object({
  scheduled_cluster_scan: z.object({
    enabled: z.boolean().default(true),
    scan_config: z.object({
      cis_scan_config: z.object({
        override_benchmark_version: z.string().default("rke-cis-1.4"),
        profile: z.string().default("permissive"),
      }),
    }),
    schedule_config: z.object({
      cron_schedule: z.string(),
      retention: z.number().int().default(24),
    }),
  }),
});

export async function importClusterYml(user: SessionUser, clusterId: string, text: string, timezone = "UTC") {
  let doc: unknown;
  try {
    doc = yaml.load(text, { schema: yaml.JSON_SCHEMA });
  } catch (err) {
    throw invalid("yaml", `is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  const parsed = clusterYmlSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(issue.path.join(".") || "yaml", issue.message);
  }
  const block = parsed.data.scheduled_cluster_scan;
  const { override_benchmark_version: benchmark, profile } = block.scan_config.cis_scan_config;
  const profileId = (await findProfile(`${benchmark}-${profile}`))?.id ?? (await findProfile(profile))?.id;
  if (!profileId) throw invalid("scan_config.cis_scan_config.profile", `no profile "${profile}" for benchmark ${benchmark}`);
  return setSchedule(user, clusterId, {
    enabled: block.enabled,
    profileId,
    cron: String(block.schedule_config.cron_schedule),
    timezone,
    retention: block.schedule_config.retention,
  });
}

// ---------------------------------------------------------------------------------------------------
// Firing

/** Claims a fire and starts its scan; every replica may call it for the same fire, one wins. */
export async function fire(scheduleId: string, fireAt: Date, opts: { missed?: boolean } = {}): Promise<"started" | "skipped" | "failed" | "taken"> {
  const at = new Date(Math.floor(fireAt.getTime() / 1000) * 1000);
  const claimed = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO "ScheduleFire" ("id", "scheduleId", "fireAt", "status", "missed", "createdAt")
    VALUES (gen_random_uuid()::text, ${scheduleId}, ${at}, 'FAILED', ${opts.missed ?? false}, now())
    ON CONFLICT ("scheduleId", "fireAt") DO NOTHING RETURNING "id"`;
  if (!claimed.length) return "taken";
  const fireId = claimed[0].id;
  const schedule = await db.schedule.findUnique({ where: { id: scheduleId } });
  if (!schedule || !schedule.enabled) {
    await db.scheduleFire.update({ where: { id: fireId }, data: { status: "SKIPPED", reason: "the schedule is disabled" } });
    return "skipped";
  }
  try {
    const scan = await startScan(null, schedule.clusterId, { profileId: schedule.profileId }, { trigger: "SCHEDULED", scheduleId });
    await db.scheduleFire.update({ where: { id: fireId }, data: { status: "STARTED", scanId: scan.id } });
    return "started";
  } catch (err) {
    const conflict = err instanceof AppError && err.status === 409;
    const running = conflict ? await db.scan.findFirst({ where: { clusterId: schedule.clusterId, state: { in: ["PENDING", "RUNNING"] } }, select: { id: true, name: true } }) : null;
    await db.scheduleFire.update({
      where: { id: fireId },
      data: conflict
        ? { status: "SKIPPED", reason: `a scan was already running on the cluster${running ? ` (${running.name})` : ""}` }
        : { status: "FAILED", reason: err instanceof Error ? err.message : String(err) },
    });
    return conflict ? "skipped" : "failed";
  }
}

/** Keeps the newest `retention` scheduled reports of the scan's cluster; manual and running scans stay. */
export async function applyRetention(scanId: string): Promise<number> {
  const scan = await db.scan.findUnique({ where: { id: scanId }, select: { clusterId: true, trigger: true } });
  if (!scan || scan.trigger !== "SCHEDULED") return 0;
  const schedule = await db.schedule.findUnique({ where: { clusterId: scan.clusterId } });
  if (!schedule) return 0;
  const finished = await db.scan.findMany({
    where: { clusterId: scan.clusterId, trigger: "SCHEDULED", state: { in: ["COMPLETED", "FAILED", "CANCELLED"] } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
    skip: schedule.retention,
    take: 500,
  });
  if (!finished.length) return 0;
  const deleted = await db.scan.deleteMany({
    where: { id: { in: finished.map((s) => s.id) }, trigger: "SCHEDULED", state: { in: ["COMPLETED", "FAILED", "CANCELLED"] } },
  });
  return deleted.count;
}

/** node-cron tasks for every enabled schedule, kept in step with the database. */
export class Scheduler {
  private tasks = new Map<string, { task: ScheduledTask; key: string }>();
  private timer?: NodeJS.Timeout;

  constructor(private log: (line: string) => void, private reloadMs = 5000) {}

  async start() {
    await this.reload(true);
    this.timer = setInterval(() => void this.reload(false).catch((err) => this.log(`scheduler: ${err.message}`)), this.reloadMs);
  }

  async stop() {
    clearInterval(this.timer);
    for (const { task } of this.tasks.values()) await task.destroy();
    this.tasks.clear();
  }

  private async reload(startup: boolean) {
    const schedules = await db.schedule.findMany({ where: { enabled: true } });
    const seen = new Set<string>();
    for (const s of schedules) {
      seen.add(s.id);
      const key = `${s.cron}|${s.timezone}`;
      const current = this.tasks.get(s.id);
      if (current?.key === key) continue;
      if (current) await current.task.destroy();
      const task = cron.schedule(s.cron, (ctx) => void this.onTick(s.id, ctx.date), { timezone: s.timezone, name: `schedule-${s.id}` });
      this.tasks.set(s.id, { task, key });
      if (startup || !current) await this.catchUp(s);
    }
    for (const [id, { task }] of this.tasks) {
      if (!seen.has(id)) {
        await task.destroy();
        this.tasks.delete(id);
      }
    }
  }

  private async onTick(scheduleId: string, date: Date) {
    try {
      const result = await fire(scheduleId, date);
      if (result !== "taken") this.log(`schedule ${scheduleId}: fire at ${date.toISOString()} ${result}`);
    } catch (err) {
      this.log(`schedule ${scheduleId}: ${(err as Error).message}`);
    }
  }

  /** A recent fire that nobody recorded (every worker was down) runs once now. */
  private async catchUp(s: Schedule) {
    const missed = latestMissedFire(s.cron, s.timezone, MISSED_FIRE_WINDOW_MS);
    if (!missed || missed <= s.updatedAt) return;
    const result = await fire(s.id, missed, { missed: true });
    if (result !== "taken") this.log(`schedule ${s.id}: missed fire at ${missed.toISOString()} ${result}`);
  }
}
