import { route } from "@/lib/api";
import { changePassword, changePasswordSchema } from "@/lib/users";

export const POST = route({ access: "user", body: changePasswordSchema }, async ({ user, body }) => {
  await changePassword(user.id, body);
});
