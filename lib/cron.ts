import cron from "node-cron";
import { invalid } from "@/lib/errors";

// Cron expressions as node-cron reads them: 5 fields (or 6 with seconds) and macros such as @daily,
// evaluated in a time zone.

export const MACROS = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

export function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Throws a 422 naming `field` when the expression is not valid; otherwise returns it trimmed. */
export function checkCron(expression: string, field = "cron"): string {
  const expr = expression.trim().replace(/\s+/g, " ");
  if (!expr) throw invalid(field, "is required");
  if (expr.startsWith("@")) {
    if (!MACROS.includes(expr)) throw invalid(field, `unknown macro ${expr} (use one of ${MACROS.join(", ")})`);
    return expr;
  }
  const fields = expr.split(" ").length;
  if (fields !== 5 && fields !== 6) {
    throw invalid(field, `needs 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first; got ${fields}`);
  }
  const result = cron.validateDetailed(expr);
  if (!result.valid) throw invalid(field, result.errors.map((e) => e.message).join("; "));
  return expr;
}

/** The next `count` fire times from now. */
export function nextRuns(expression: string, timezone: string, count: number): Date[] {
  const task = cron.createTask(expression, () => {}, { timezone });
  try {
    const now = Date.now();
    return task.getNextRuns(count + 1).filter((d) => d.getTime() > now).slice(0, count);
  } finally {
    void task.destroy();
  }
}

/** The shortest gap between consecutive fires over the next few, in ms. */
export function shortestInterval(expression: string, timezone: string): number {
  const runs = nextRuns(expression, timezone, 6);
  let min = Infinity;
  for (let i = 1; i < runs.length; i++) min = Math.min(min, runs[i].getTime() - runs[i - 1].getTime());
  return min;
}

/** The latest fire time in (now - windowMs, now], if any: a fire that was due while nothing ran. */
export function latestMissedFire(expression: string, timezone: string, windowMs: number, now = new Date()): Date | null {
  const task = cron.createTask(expression, () => {}, { timezone });
  try {
    const stepMs = expression.trim().split(/\s+/).length === 6 ? 1000 : 60_000;
    let t = Math.floor(now.getTime() / stepMs) * stepMs;
    for (; t > now.getTime() - windowMs; t -= stepMs) if (task.match(new Date(t))) return new Date(t);
    return null;
  } finally {
    void task.destroy();
  }
}

/** "Every day at 00:00 (UTC)" style words for the UI are built client-side; this lists the times. */
export function describeRuns(runs: Date[], timezone: string): string[] {
  const fmt = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, weekday: "short", year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  return runs.map((d) => fmt.format(d));
}
