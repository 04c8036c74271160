import { created, route } from "@/lib/api";
import { createNotifier, listNotifiers, notifierInputSchema } from "@/lib/alerts/notifiers";

// Everyone signed in may list notifiers (to pick them for an alert); secrets are masked.
export const GET = route({ access: "user" }, () => listNotifiers());

export const POST = route({ access: "admin", body: notifierInputSchema }, async ({ body }) => created(await createNotifier(body)));
