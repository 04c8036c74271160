import { route } from "@/lib/api";

export const GET = route({ access: "user" }, async ({ user }) => user);
