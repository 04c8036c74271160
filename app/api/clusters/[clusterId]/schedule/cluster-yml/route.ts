import { z } from "zod";
import { route } from "@/lib/api";
import { exportClusterYml, importClusterYml } from "@/lib/schedules";

// The schedule as cluster.yml's scheduled_cluster_scan block, to export or import.
const params = z.object({ clusterId: z.string().min(1) });
const body = z.object({ yaml: z.string().max(64 * 1024), timezone: z.string().max(64).default("UTC") });

export const GET = route({ access: { cluster: "manage" }, params }, async ({ params }) =>
  new Response(await exportClusterYml(params.clusterId), { headers: { "content-type": "application/yaml; charset=utf-8" } }),
);

export const PUT = route({ access: { cluster: "manage" }, params, body }, ({ user, params, body }) =>
  importClusterYml(user, params.clusterId, body.yaml, body.timezone),
);
