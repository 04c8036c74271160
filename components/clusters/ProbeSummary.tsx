import { providerLabel, type NodeSummary } from "@/components/api/types";

/** Version, provider and nodes by role, as a description list. */
export function ProbeSummary({ version, provider, nodes, testId }: { version: string | null; provider: string | null; nodes: NodeSummary | null; testId?: string }) {
  return (
    <dl className="facts" data-testid={testId}>
      <div>
        <dt>Kubernetes version</dt>
        <dd className="mono">{version ?? "—"}</dd>
      </div>
      <div>
        <dt>Provider</dt>
        <dd>{providerLabel(provider)}</dd>
      </div>
      <div>
        <dt>Nodes</dt>
        <dd>{nodes ? nodes.total : "—"}</dd>
      </div>
      <div>
        <dt>By role</dt>
        <dd>
          {nodes ? (
            <span className="roles">
              <span>
                <strong>{nodes.roles.controlplane}</strong> controlplane
              </span>
              <span>
                <strong>{nodes.roles.etcd}</strong> etcd
              </span>
              <span>
                <strong>{nodes.roles.worker}</strong> worker
              </span>
            </span>
          ) : (
            "—"
          )}
        </dd>
      </div>
      <div>
        <dt>Windows nodes</dt>
        <dd>
          {nodes ? nodes.windows : "—"}
          {nodes && nodes.windows > 0 ? <span className="facts__note"> CIS scans cannot run on a cluster with Windows nodes.</span> : null}
        </dd>
      </div>
    </dl>
  );
}
