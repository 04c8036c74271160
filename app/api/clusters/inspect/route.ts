import { z } from "zod";
import { route } from "@/lib/api";
import { inspectKubeconfig } from "@/lib/clusters";

// Validates and tries a kubeconfig before it is saved: lists its contexts and what the chosen one reaches.
const body = z.object({ kubeconfig: z.string(), contextName: z.string().optional() });

export const POST = route({ access: "user", body }, ({ body }) => inspectKubeconfig(body.kubeconfig, body.contextName));
