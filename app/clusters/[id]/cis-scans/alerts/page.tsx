import type { Metadata } from "next";
import { AlertsPage } from "@/components/alerts/AlertsPage";
import { clusterForPage, requireUser } from "@/components/server/session";

export const metadata: Metadata = { title: "CIS scan alerts" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/clusters/${id}/cis-scans/alerts`);
  return <AlertsPage cluster={await clusterForPage(user, id)} />;
}
