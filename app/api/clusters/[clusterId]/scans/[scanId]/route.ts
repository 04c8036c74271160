import { z } from "zod";
import { route } from "@/lib/api";
import { deleteScans, getScan } from "@/lib/scans/service";

const params = z.object({ clusterId: z.string().min(1), scanId: z.string().min(1) });

export const GET = route({ access: { cluster: "manage" }, params }, ({ params }) => getScan(params.clusterId, params.scanId));

export const DELETE = route({ access: { cluster: "manage" }, params }, ({ params }) => deleteScans(params.clusterId, [params.scanId]));
