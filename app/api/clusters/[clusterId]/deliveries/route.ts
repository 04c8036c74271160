import { z } from "zod";
import { route } from "@/lib/api";
import { listDeliveries } from "@/lib/alerts/outbox";

// Notifications sent for this cluster's alerts, with every attempt.
const params = z.object({ clusterId: z.string().min(1) });

export const GET = route({ access: { cluster: "manage" }, params }, ({ params }) => listDeliveries(params.clusterId));
