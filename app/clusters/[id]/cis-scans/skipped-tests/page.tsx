import type { Metadata } from "next";
import { SkippedTestsPage } from "@/components/cis/SkippedTestsPage";
import { clusterForPage, requireUser } from "@/components/server/session";

export const metadata: Metadata = { title: "Skipped CIS tests" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/clusters/${id}/cis-scans/skipped-tests`);
  return <SkippedTestsPage cluster={await clusterForPage(user, id)} />;
}
