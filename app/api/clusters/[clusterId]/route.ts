import { z } from "zod";
import { route } from "@/lib/api";
import { deleteCluster, getCluster, updateCluster, updateClusterSchema } from "@/lib/clusters";

const params = z.object({ clusterId: z.string().min(1) });

export const GET = route({ access: { cluster: "view" }, params }, ({ user, params }) => getCluster(user, params.clusterId));

export const PATCH = route({ access: { cluster: "manage" }, params, body: updateClusterSchema }, ({ user, params, body }) =>
  updateCluster(user, params.clusterId, body),
);

export const DELETE = route({ access: { cluster: "manage" }, params }, ({ params }) => deleteCluster(params.clusterId));
