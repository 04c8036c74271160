import { z } from "zod";
import { route } from "@/lib/api";
import { deleteUser, updateUser, updateUserSchema } from "@/lib/users";

const params = z.object({ userId: z.string().min(1) });

export const PATCH = route({ access: "admin", params, body: updateUserSchema }, ({ user, params, body }) =>
  updateUser(user.id, params.userId, body),
);

export const DELETE = route({ access: "admin", params }, ({ user, params }) => deleteUser(user.id, params.userId));
