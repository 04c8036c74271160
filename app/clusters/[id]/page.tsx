import type { Metadata } from "next";
import { ClusterOverview } from "@/components/clusters/ClusterOverview";
import { clusterForPage, requireUser } from "@/components/server/session";
import { isAdmin } from "@/lib/access";

export const metadata: Metadata = { title: "Cluster" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/clusters/${id}`);
  return <ClusterOverview cluster={await clusterForPage(user, id)} isAdmin={isAdmin(user)} />;
}
