import { z } from "zod";
import { route } from "@/lib/api";
import { deleteNotifier, notifierInputSchema, updateNotifier } from "@/lib/alerts/notifiers";

const params = z.object({ notifierId: z.string().min(1) });

/** Secrets left out or empty keep their stored values. */
export const PUT = route({ access: "admin", params, body: notifierInputSchema }, ({ params, body }) => updateNotifier(params.notifierId, body));

export const DELETE = route({ access: "admin", params }, ({ params }) => deleteNotifier(params.notifierId));
