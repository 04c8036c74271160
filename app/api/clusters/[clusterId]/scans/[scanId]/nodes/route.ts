import { z } from "zod";
import { route } from "@/lib/api";
import { listNodesQuery, listScanNodes } from "@/lib/scans/service";

const params = z.object({ clusterId: z.string().min(1), scanId: z.string().min(1) });

export const GET = route({ access: { cluster: "manage" }, params, query: listNodesQuery }, ({ params, query }) =>
  listScanNodes(params.clusterId, params.scanId, query),
);
