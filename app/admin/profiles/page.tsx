import type { Metadata } from "next";
import { ProfilesAdmin } from "@/components/cis/ProfilesAdmin";
import { requireAdminUser } from "@/components/server/session";

export const metadata: Metadata = { title: "Scan profiles" };

export default async function Page() {
  await requireAdminUser("/admin/profiles");
  return <ProfilesAdmin />;
}
