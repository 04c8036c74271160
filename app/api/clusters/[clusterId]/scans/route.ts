import { z } from "zod";
import { created, route } from "@/lib/api";
import { deleteScans, deleteScansSchema, listScans, listScansQuery, startScan, startScanSchema } from "@/lib/scans/service";

const params = z.object({ clusterId: z.string().min(1) });

export const GET = route({ access: { cluster: "manage" }, params, query: listScansQuery }, ({ params, query }) => listScans(params.clusterId, query));

export const POST = route({ access: { cluster: "manage" }, params, body: startScanSchema }, async ({ user, params, body }) =>
  created(await startScan(user.id, params.clusterId, body)),
);

/** Deletes several reports at once: { "ids": [...] }. */
export const DELETE = route({ access: { cluster: "manage" }, params, body: deleteScansSchema }, ({ params, body }) => deleteScans(params.clusterId, body.ids));
