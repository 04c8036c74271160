"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useCluster, useDeleteCluster, useTestCluster } from "@/components/api/clusters";
import { canManage, type Cluster } from "@/components/api/types";
import { Alert, ProblemAlert } from "@/components/ui/Alert";
import { TimeAgo } from "@/components/ui/bits";
import { ConfirmDialog } from "@/components/ui/Dialog";
import { EditClusterDialog } from "./EditClusterDialog";
import { ProbeSummary } from "./ProbeSummary";

export function ClusterOverview({ cluster: initial, isAdmin }: { cluster: Cluster; isAdmin: boolean }) {
  const { data } = useCluster(initial.id, initial);
  const cluster = data ?? initial;
  const manage = canManage(cluster.myRole);
  const router = useRouter();
  const retest = useTestCluster(cluster.id);
  const remove = useDeleteCluster(cluster.id);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);

  return (
    <div className="stack-lg">
      <div className="page-header__row">
        <div className="page-header__text">
          <h1 className="page-header__title">{cluster.name}</h1>
          {cluster.description ? <p className="page-header__desc">{cluster.description}</p> : null}
        </div>
        {manage ? (
          <div className="page-header__actions">
            <button type="button" className="button" onClick={() => retest.mutate()} disabled={retest.isPending}>
              {retest.isPending ? "Testing…" : "Re-test"}
            </button>
            <button type="button" className="button" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button type="button" className="button button--danger-outline" onClick={() => setDeleting(true)}>
              Delete
            </button>
          </div>
        ) : null}
      </div>

      {!manage ? (
        <Alert label="Your access" tone="info" testId="member-notice">
          You are a Member of this cluster. Only Administrators and this cluster&apos;s Owners can run scans and see reports.
        </Alert>
      ) : null}

      <ProblemAlert error={retest.error} label="Re-test failed" testId="retest-error" />
      {retest.isSuccess && !retest.isPending ? (
        cluster.lastError ? null : (
          <Alert label="Re-test result" tone="success" testId="retest-ok">
            Connection OK.
          </Alert>
        )
      ) : null}
      {cluster.lastError ? (
        <Alert label="Last connection error" testId="last-error" title="The last connection test failed">
          <p className="mono wrap">{cluster.lastError}</p>
        </Alert>
      ) : null}

      <section className="card" aria-labelledby="connection-heading">
        <h2 id="connection-heading" className="section-title">
          Connection
        </h2>
        <dl className="facts">
          <div>
            <dt>API server</dt>
            <dd className="mono wrap">{cluster.server || "—"}</dd>
          </div>
          <div>
            <dt>Authentication</dt>
            <dd>{cluster.auth === "IN_CLUSTER" ? "In-cluster service account" : "Kubeconfig"}</dd>
          </div>
          {cluster.auth === "KUBECONFIG" ? (
            <div>
              <dt>Context</dt>
              <dd className="mono">{cluster.contextName ?? "—"}</dd>
            </div>
          ) : null}
          <div>
            <dt>Last checked</dt>
            <dd>
              <TimeAgo value={cluster.lastCheckedAt} />
            </dd>
          </div>
          <div>
            <dt>Added</dt>
            <dd>
              <TimeAgo value={cluster.createdAt} />
            </dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="nodes-heading">
        <h2 id="nodes-heading" className="section-title">
          Kubernetes
        </h2>
        <ProbeSummary version={cluster.version} provider={cluster.provider} nodes={cluster.nodeSummary} />
      </section>

      <section className="card card--quiet" aria-labelledby="tools-heading">
        <h2 id="tools-heading" className="section-title">
          Tools
        </h2>
        <p>
          <Link href={`/clusters/${cluster.id}/cis-scans`}>CIS Scans</Link>: check the cluster against the CIS Kubernetes Benchmark with kube-bench.
        </p>
        {isAdmin ? (
          <p>
            <Link href={`/admin/memberships?cluster=${cluster.id}`}>Manage who can access this cluster</Link>
          </p>
        ) : null}
      </section>

      {manage ? (
        <>
          <EditClusterDialog cluster={cluster} open={editing} onClose={() => setEditing(false)} />
          <ConfirmDialog
            open={deleting}
            onClose={() => {
              setDeleting(false);
              remove.reset();
            }}
            title={`Delete ${cluster.name}?`}
            confirmLabel="Delete cluster"
            pending={remove.isPending}
            error={<ProblemAlert error={remove.error} label="Delete failed" testId="delete-error" />}
            onConfirm={() => remove.mutate(undefined, { onSuccess: () => router.push("/clusters") })}
          >
            <p>
              The cluster is removed from the dashboard together with its memberships. Nothing is changed in the cluster itself.
            </p>
          </ConfirmDialog>
        </>
      ) : null}
    </div>
  );
}
