import { z } from "zod";
import { route } from "@/lib/api";
import { previewSkips } from "@/lib/scans/service";

// Every test a scan with this profile would skip, and why (profile skip, not applicable, the cluster's user skips).
const params = z.object({ clusterId: z.string().min(1) });
const query = z.object({ profileId: z.string().min(1, "is required") });

export const GET = route({ access: { cluster: "manage" }, params, query }, ({ params, query }) => previewSkips(params.clusterId, query.profileId));
