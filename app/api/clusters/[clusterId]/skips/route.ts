import { z } from "zod";
import { route } from "@/lib/api";
import { getUserSkips, setSkipsSchema, setUserSkips, skipsQuery } from "@/lib/scans/service";

// The cluster's own skip list for a benchmark version, kept in the security-scan-cfg ConfigMap.
const params = z.object({ clusterId: z.string().min(1) });

export const GET = route({ access: { cluster: "manage" }, params, query: skipsQuery }, ({ params, query }) => getUserSkips(params.clusterId, query.benchmark));

export const PUT = route({ access: { cluster: "manage" }, params, query: skipsQuery, body: setSkipsSchema }, ({ params, query, body }) =>
  setUserSkips(params.clusterId, query.benchmark, body.ids),
);
