import { z } from "zod";
import { route } from "@/lib/api";
import { checkCron, describeRuns, nextRuns, validTimezone } from "@/lib/cron";
import { invalid } from "@/lib/errors";

// Validates a cron expression and lists its next runs, for forms that check as the user types.
const query = z.object({ cron: z.string().max(100), timezone: z.string().max(64).default("UTC"), count: z.coerce.number().int().min(1).max(20).default(5) });

export const GET = route({ access: "user", query }, async ({ query }) => {
  const expr = checkCron(query.cron);
  if (!validTimezone(query.timezone)) throw invalid("timezone", `"${query.timezone}" is not a known time zone`);
  const runs = nextRuns(expr, query.timezone, query.count);
  return { cron: expr, timezone: query.timezone, nextRuns: runs, nextRunsText: describeRuns(runs, query.timezone) };
});
