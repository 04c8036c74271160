"use client";
import { useCluster } from "@/components/api/clusters";
import { canManage, type Cluster } from "@/components/api/types";
import { Alert } from "@/components/ui/Alert";
import { EmptyState } from "@/components/ui/bits";

/** Tools > CIS Scans of one cluster. The scan list, reports and schedules come next. */
export function CisScansPage({ cluster: initial }: { cluster: Cluster }) {
  const { data } = useCluster(initial.id, initial);
  const cluster = data ?? initial;
  return (
    <div className="stack-lg">
      <div className="page-header__row">
        <div className="page-header__text">
          <h1 className="page-header__title">CIS Scans</h1>
          <p className="page-header__desc">Check this cluster against the CIS Kubernetes Benchmark with kube-bench on every node.</p>
        </div>
      </div>
      {canManage(cluster.myRole) ? (
        <EmptyState title="No scans yet">
          <p>Scans of {cluster.name} and their reports will be listed here.</p>
        </EmptyState>
      ) : (
        <Alert label="Access to CIS scans" tone="warning" testId="cis-access-notice" title="You cannot run scans on this cluster">
          <p>Only Administrators and this cluster&apos;s Owners can run scans and see reports.</p>
        </Alert>
      )}
    </div>
  );
}
