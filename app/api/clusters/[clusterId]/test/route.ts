import { z } from "zod";
import { route } from "@/lib/api";
import { testCluster } from "@/lib/clusters";

const params = z.object({ clusterId: z.string().min(1) });

export const POST = route({ access: { cluster: "manage" }, params }, ({ user, params }) => testCluster(user, params.clusterId));
