import { z } from "zod";
import { route } from "@/lib/api";
import { deleteRule, ruleUpdateSchema, updateRule } from "@/lib/alerts/rules";

const params = z.object({ clusterId: z.string().min(1), ruleId: z.string().min(1) });

export const PATCH = route({ access: { cluster: "manage" }, params, body: ruleUpdateSchema }, ({ params, body }) =>
  updateRule(params.clusterId, params.ruleId, body),
);

export const DELETE = route({ access: { cluster: "manage" }, params }, ({ params }) => deleteRule(params.clusterId, params.ruleId));
