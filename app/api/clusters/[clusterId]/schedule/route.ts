import { z } from "zod";
import { route } from "@/lib/api";
import { deleteSchedule, getSchedule, scheduleInputSchema, setSchedule } from "@/lib/schedules";

// The cluster's recurring scan: enabled, profile, cron and time zone, report retention.
const params = z.object({ clusterId: z.string().min(1) });

export const GET = route({ access: { cluster: "manage" }, params }, ({ params }) => getSchedule(params.clusterId));

export const PUT = route({ access: { cluster: "manage" }, params, body: scheduleInputSchema }, ({ user, params, body }) =>
  setSchedule(user, params.clusterId, body),
);

export const DELETE = route({ access: { cluster: "manage" }, params }, ({ params }) => deleteSchedule(params.clusterId));
