import type { Metadata } from "next";
import { NotifiersAdmin } from "@/components/notifiers/NotifiersAdmin";
import { requireAdminUser } from "@/components/server/session";

export const metadata: Metadata = { title: "Notifiers" };

export default async function Page() {
  await requireAdminUser("/admin/notifiers");
  return <NotifiersAdmin />;
}
