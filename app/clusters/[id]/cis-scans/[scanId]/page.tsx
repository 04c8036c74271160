import type { Metadata } from "next";
import { ReportPage } from "@/components/cis/ReportPage";
import { clusterForPage, requireUser } from "@/components/server/session";

export const metadata: Metadata = { title: "CIS scan report" };

export default async function Page({ params }: { params: Promise<{ id: string; scanId: string }> }) {
  const { id, scanId } = await params;
  const user = await requireUser(`/clusters/${id}/cis-scans/${scanId}`);
  return <ReportPage cluster={await clusterForPage(user, id)} scanId={scanId} />;
}
