import { created, route } from "@/lib/api";
import { createCluster, createClusterSchema, listClusters } from "@/lib/clusters";

export const GET = route({ access: "user" }, ({ user }) => listClusters(user));

export const POST = route({ access: "user", body: createClusterSchema }, async ({ user, body }) =>
  created(await createCluster(user, body)),
);
