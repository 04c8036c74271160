import { ClusterHeader } from "@/components/clusters/ClusterHeader";
import { clusterForPage, requireUser } from "@/components/server/session";

export default async function ClusterLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/clusters/${id}`);
  const cluster = await clusterForPage(user, id);
  return (
    <>
      <ClusterHeader cluster={cluster} />
      {children}
    </>
  );
}
