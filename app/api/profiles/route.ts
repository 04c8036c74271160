import { created, route } from "@/lib/api";
import { createProfile, listProfiles, profileInputSchema } from "@/lib/profiles";

export const GET = route({ access: "user" }, () => listProfiles());

export const POST = route({ access: "admin", body: profileInputSchema }, async ({ user, body }) => created(await createProfile(body, user.id)));
