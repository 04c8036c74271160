import { z } from "zod";
import { created, route } from "@/lib/api";
import { createRule, listRules, ruleInputSchema } from "@/lib/alerts/rules";

const params = z.object({ clusterId: z.string().min(1) });

export const GET = route({ access: { cluster: "manage" }, params }, ({ params }) => listRules(params.clusterId));

export const POST = route({ access: { cluster: "manage" }, params, body: ruleInputSchema }, async ({ params, body }) =>
  created(await createRule(params.clusterId, body)),
);
