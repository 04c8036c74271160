import { z } from "zod";
import { route } from "@/lib/api";
import { checkNodesQuery, getCheckNodes } from "@/lib/reports";

// One check's per-node table: node, roles, state, actual value.
const params = z.object({ clusterId: z.string().min(1), scanId: z.string().min(1), checkId: z.string().min(1) });

export const GET = route({ access: { cluster: "manage" }, params, query: checkNodesQuery }, ({ params, query }) =>
  getCheckNodes(params.clusterId, params.scanId, params.checkId, query),
);
