import { z } from "zod";
import { route } from "@/lib/api";
import { db } from "@/lib/db";
import { profilesForCluster } from "@/lib/profiles";

// The profiles a scan of this cluster can use, each saying whether it fits the cluster's provider and version.
const params = z.object({ clusterId: z.string().min(1) });

export const GET = route({ access: { cluster: "manage" }, params }, async ({ params }) => {
  const cluster = await db.cluster.findUniqueOrThrow({ where: { id: params.clusterId }, select: { provider: true, version: true } });
  return profilesForCluster(cluster);
});
