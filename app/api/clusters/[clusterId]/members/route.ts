import { z } from "zod";
import { route } from "@/lib/api";
import { listMembers } from "@/lib/members";

const params = z.object({ clusterId: z.string().min(1) });

export const GET = route({ access: "admin", params }, ({ params }) => listMembers(params.clusterId));
