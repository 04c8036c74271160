import type { Metadata } from "next";
import { CisScansPage } from "@/components/cis/CisScansPage";
import { clusterForPage, requireUser } from "@/components/server/session";

export const metadata: Metadata = { title: "CIS Scans" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/clusters/${id}/cis-scans`);
  return <CisScansPage cluster={await clusterForPage(user, id)} />;
}
