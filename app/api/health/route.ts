import { route } from "@/lib/api";
import { db } from "@/lib/db";

export const GET = route({ access: "public" }, async () => {
  await db.$queryRaw`SELECT 1`;
  return { status: "ok" };
});
