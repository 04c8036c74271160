"use client";
import Link from "next/link";
import { ApiError } from "@/components/api/client";
import { useCluster } from "@/components/api/clusters";
import { canManage, type Cluster } from "@/components/api/types";
import { PageTitleRow } from "@/components/shell/PageHeader";
import { Alert } from "@/components/ui/Alert";

export const isForbidden = (err: unknown) => err instanceof ApiError && err.status === 403;

export function AccessNotice() {
  return (
    <Alert label="Access to CIS scans" tone="warning" testId="cis-access-notice" title="You cannot run scans on this cluster">
      <p>Only Administrators and this cluster&apos;s Owners can run scans and see reports.</p>
    </Alert>
  );
}

/** The heading, actions and tabs of Tools > CIS Scans; Members get the access notice instead. */
export function CisFrame({
  cluster: initial,
  tab,
  actions,
  children,
}: {
  cluster: Cluster;
  tab: "reports" | "skipped";
  actions?: React.ReactNode;
  children: React.ReactNode;
}) {
  const { data } = useCluster(initial.id, initial);
  const cluster = data ?? initial;
  const base = `/clusters/${cluster.id}/cis-scans`;
  const allowed = canManage(cluster.myRole);
  return (
    <div className="stack-lg">
      <PageTitleRow
        title="CIS Scans"
        description={`Check ${cluster.name} against the CIS Kubernetes Benchmark with kube-bench on every node.`}
        actions={allowed ? actions : null}
      />
      {allowed ? (
        <>
          <nav aria-label="CIS Scans" className="tabs cis-tabs">
            <Link href={base} className="tabs__link" aria-current={tab === "reports" ? "page" : undefined}>
              Reports
            </Link>
            <Link href={`${base}/skipped-tests`} className="tabs__link" aria-current={tab === "skipped" ? "page" : undefined}>
              Skipped tests
            </Link>
          </nav>
          {children}
        </>
      ) : (
        <AccessNotice />
      )}
    </div>
  );
}
