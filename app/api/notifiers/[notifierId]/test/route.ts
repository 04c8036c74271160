import { z } from "zod";
import { route } from "@/lib/api";
import { sendTest } from "@/lib/alerts/notifiers";

// "Send test": sends a test message now and says what happened.
const params = z.object({ notifierId: z.string().min(1) });

export const POST = route({ access: "admin", params }, ({ params }) => sendTest(params.notifierId));
