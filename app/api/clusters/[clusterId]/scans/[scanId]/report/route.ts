import { z } from "zod";
import { route } from "@/lib/api";
import { getReport, reportQuery } from "@/lib/reports";

const params = z.object({ clusterId: z.string().min(1), scanId: z.string().min(1) });

export const GET = route({ access: { cluster: "manage" }, params, query: reportQuery }, ({ params, query }) => getReport(params.clusterId, params.scanId, query));
