import { z } from "zod";
import { route } from "@/lib/api";
import { removeMember, setMember, setMemberSchema } from "@/lib/members";

const params = z.object({ clusterId: z.string().min(1), userId: z.string().min(1) });

export const PUT = route({ access: "admin", params, body: setMemberSchema }, ({ params, body }) =>
  setMember(params.clusterId, params.userId, body.role),
);

export const DELETE = route({ access: "admin", params }, ({ params }) => removeMember(params.clusterId, params.userId));
