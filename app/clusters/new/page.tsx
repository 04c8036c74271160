import type { Metadata } from "next";
import { AddClusterForm } from "@/components/clusters/AddClusterForm";
import { requireUser } from "@/components/server/session";
import { runningInCluster } from "@/lib/k8s/client";

export const metadata: Metadata = { title: "Add cluster" };

export default async function Page() {
  await requireUser("/clusters/new");
  return <AddClusterForm inClusterAvailable={runningInCluster()} />;
}
