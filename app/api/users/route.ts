import { created, route } from "@/lib/api";
import { createUser, createUserSchema, listUsers } from "@/lib/users";

export const GET = route({ access: "admin" }, () => listUsers());

export const POST = route({ access: "admin", body: createUserSchema }, async ({ body }) => created(await createUser(body)));
