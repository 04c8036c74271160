import { z } from "zod";
import { route } from "@/lib/api";
import { invalid } from "@/lib/errors";
import { downloadQuery, downloadReports } from "@/lib/reports";

// ?ids=a,b&format=csv|json: one report as a file, several as one zip.
const params = z.object({ clusterId: z.string().min(1) });

export const GET = route({ access: { cluster: "manage" }, params, query: downloadQuery }, async ({ params, query }) => {
  if (!query.ids.length) throw invalid("ids", "choose at least one report");
  if (query.ids.length > 100) throw invalid("ids", "at most 100 reports at a time");
  const file = await downloadReports(params.clusterId, query.ids, query.format);
  return new Response(file.body as BodyInit, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "cache-control": "no-store",
    },
  });
});
