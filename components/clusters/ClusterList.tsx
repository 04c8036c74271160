"use client";
import Link from "next/link";
import { errorMessage } from "@/components/api/client";
import { useClusters } from "@/components/api/clusters";
import { ROLE_LABELS, providerLabel, type Cluster } from "@/components/api/types";
import { PageHeader } from "@/components/shell/PageHeader";
import { Alert } from "@/components/ui/Alert";
import { Badge, EmptyState, Loading, TimeAgo } from "@/components/ui/bits";

export function SimulatedBadge({ cluster }: { cluster: Pick<Cluster, "simulated"> }) {
  return cluster.simulated ? (
    <Badge tone="info" title="A simulated cluster (the project's Kubernetes API simulator), not a real one">
      simulated
    </Badge>
  ) : null;
}

export function ClusterList({ initialData, isAdmin }: { initialData?: Cluster[]; isAdmin: boolean }) {
  const { data: clusters, error, isPending } = useClusters(initialData);
  const addButton = (
    <Link href="/clusters/new" className="button button--primary">
      Add cluster
    </Link>
  );
  return (
    <>
      <PageHeader title="Clusters" description="The Kubernetes clusters you can see. Open one to test its connection or run CIS scans.">
        {addButton}
      </PageHeader>
      {error ? (
        <Alert label="Clusters could not be loaded" testId="clusters-error">
          {errorMessage(error)}
        </Alert>
      ) : isPending ? (
        <Loading label="Loading clusters…" />
      ) : !clusters?.length ? (
        <EmptyState title="No clusters yet" action={addButton}>
          <p>
            {isAdmin
              ? "Register a cluster by pasting its kubeconfig; the connection is tested before it is saved."
              : "Add a cluster of your own, or ask an administrator to give you access to an existing one."}
          </p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Clusters">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Provider</th>
                <th scope="col">Kubernetes version</th>
                <th scope="col" className="num">
                  Nodes
                </th>
                <th scope="col">My role</th>
                <th scope="col">Last check</th>
              </tr>
            </thead>
            <tbody>
              {clusters.map((c) => (
                <tr key={c.id}>
                  <th scope="row" className="table__name">
                    <Link href={`/clusters/${c.id}`}>{c.name}</Link> <SimulatedBadge cluster={c} />
                    {c.description ? <span className="table__sub">{c.description}</span> : null}
                  </th>
                  <td>{providerLabel(c.provider)}</td>
                  <td className="mono">{c.version ?? "—"}</td>
                  <td className="num">{c.nodeCount ?? "—"}</td>
                  <td>{c.myRole ? ROLE_LABELS[c.myRole] : "—"}</td>
                  <td>
                    {c.lastError ? (
                      <span className="status status--error" title={c.lastError}>
                        <Badge tone="error">Error</Badge> <span className="table__sub table__sub--inline">{truncate(c.lastError, 80)}</span>
                      </span>
                    ) : c.lastCheckedAt ? (
                      <span className="status">
                        <Badge tone="success">OK</Badge> <TimeAgo value={c.lastCheckedAt} />
                      </span>
                    ) : (
                      "Never"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function truncate(s: string, n: number) {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
