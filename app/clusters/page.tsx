import type { Metadata } from "next";
import { ClusterList } from "@/components/clusters/ClusterList";
import type { Cluster } from "@/components/api/types";
import { requireUser, toJson } from "@/components/server/session";
import { isAdmin } from "@/lib/access";
import { listClusters } from "@/lib/clusters";

export const metadata: Metadata = { title: "Clusters" };

export default async function Page() {
  const user = await requireUser("/clusters");
  const clusters = toJson(await listClusters(user)) as Cluster[];
  return <ClusterList initialData={clusters} isAdmin={isAdmin(user)} />;
}
