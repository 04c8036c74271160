import { z } from "zod";
import { route } from "@/lib/api";
import { cancelScan } from "@/lib/scans/service";

const params = z.object({ clusterId: z.string().min(1), scanId: z.string().min(1) });

export const POST = route({ access: { cluster: "manage" }, params }, ({ params }) => cancelScan(params.clusterId, params.scanId));
