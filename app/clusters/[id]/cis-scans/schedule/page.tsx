import type { Metadata } from "next";
import { SchedulePage } from "@/components/schedules/SchedulePage";
import { clusterForPage, requireUser } from "@/components/server/session";

export const metadata: Metadata = { title: "Scheduled CIS scans" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/clusters/${id}/cis-scans/schedule`);
  return <SchedulePage cluster={await clusterForPage(user, id)} />;
}
