import { z } from "zod";
import { route } from "@/lib/api";
import { deleteProfile, profileInputSchema, updateProfile } from "@/lib/profiles";

const params = z.object({ profileId: z.string().min(1) });

export const PUT = route({ access: "admin", params, body: profileInputSchema }, ({ params, body }) => updateProfile(params.profileId, body));

export const DELETE = route({ access: "admin", params }, ({ params }) => deleteProfile(params.profileId));
