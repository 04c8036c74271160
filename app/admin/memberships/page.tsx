import type { Metadata } from "next";
import { MembershipsAdmin } from "@/components/admin/MembershipsAdmin";
import { requireAdminUser } from "@/components/server/session";

export const metadata: Metadata = { title: "Cluster memberships" };

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdminUser("/admin/memberships");
  const { cluster } = await searchParams;
  return <MembershipsAdmin initialClusterId={typeof cluster === "string" ? cluster : undefined} />;
}
