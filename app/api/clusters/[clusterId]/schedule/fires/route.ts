import { z } from "zod";
import { route } from "@/lib/api";
import { listFires } from "@/lib/schedules";

// What each fire of the schedule did: started a scan, skipped (with the reason) or failed.
const params = z.object({ clusterId: z.string().min(1) });

export const GET = route({ access: { cluster: "manage" }, params }, ({ params }) => listFires(params.clusterId));
