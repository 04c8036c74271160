import { z } from "zod";
import { created, route } from "@/lib/api";
import { importReport, importSchema, MAX_IMPORT_BYTES } from "@/lib/scans/import";

const params = z.object({ clusterId: z.string().min(1) });

export const POST = route({ access: { cluster: "manage" }, params, body: importSchema, maxBodyBytes: MAX_IMPORT_BYTES }, async ({ user, params, body }) =>
  created(await importReport(user.id, params.clusterId, body)),
);
