import type { Metadata } from "next";
import { UsersAdmin } from "@/components/admin/UsersAdmin";
import { requireAdminUser } from "@/components/server/session";

export const metadata: Metadata = { title: "Users" };

export default async function Page() {
  const user = await requireAdminUser("/admin/users");
  return <UsersAdmin meId={user.id} />;
}
