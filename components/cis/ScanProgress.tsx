"use client";
import Link from "next/link";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { errorMessage } from "@/components/api/client";
import { scanKeys } from "@/components/api/keys";
import { isActive, useCancelScan, useScan, useScanNodes } from "@/components/api/scans";
import type { ScanDetail } from "@/components/api/types";
import { Alert } from "@/components/ui/Alert";
import { Loading, TimeAgo, statusEntries } from "@/components/ui/bits";
import { DataTable } from "@/components/ui/DataTable";
import { Duration, NODE_STATES, NodeRow, NodeStateBadge, plural } from "./format";
import { Pager } from "./Pager";

const NODE_PAGE = 50;

/**
 * Live progress of one scan: polls the scan and its nodes every 1.5 s while it is pending or running,
 * shows per-node states with their reasons, and offers Cancel. When it ends, says how it ended.
 */
export function ScanProgress({ clusterId, scanId, onDismiss, showReportLink = true }: { clusterId: string; scanId: string; onDismiss?: () => void; showReportLink?: boolean }) {
  const { data: scan, error } = useScan(clusterId, scanId);
  const active = !scan || isActive(scan.state);
  const [page, setPage] = useState(1);
  const nodes = useScanNodes(clusterId, scanId, { page, pageSize: NODE_PAGE }, active);
  const cancel = useCancelScan(clusterId);
  const qc = useQueryClient();

  // When the scan ends, fetch the nodes and the list once more: the last poll saw it running.
  const ended = Boolean(scan && !active);
  useEffect(() => {
    if (!ended) return;
    void qc.invalidateQueries({ queryKey: [...scanKeys.all(clusterId), "nodes", scanId] });
    void qc.invalidateQueries({ queryKey: [...scanKeys.all(clusterId), "list"] });
  }, [ended, qc, clusterId, scanId]);

  if (error) return <Alert label="Scan progress could not be loaded">{errorMessage(error)}</Alert>;
  if (!scan) return <Loading label="Loading scan progress…" />;

  const counts = scan.nodeStates;
  const finished = (counts.SUCCEEDED ?? 0) + (counts.FAILED ?? 0) + (counts.TIMED_OUT ?? 0) + (counts.CANCELLED ?? 0);
  const scannable = Math.max(0, scan.nodesTotal - (counts.NOT_SCANNED ?? 0));
  // A running node counts half, so the bar moves while kube-bench works.
  const percent = scannable ? Math.round(((finished + (counts.RUNNING ?? 0) / 2) / scannable) * 100) : 0;
  const titleId = `scan-progress-${scan.id}`;

  return (
    <section className="card scan-progress" aria-labelledby={titleId} data-testid="scan-progress">
      <div className="scan-progress__head">
        <div>
          <h2 id={titleId} className="section-title scan-progress__title">
            {active ? (
              <>
                <span className="spinner" aria-hidden="true" /> Scan {scan.name} is {scan.cancelRequested ? "being cancelled" : scan.state === "PENDING" ? "starting" : "running"}
              </>
            ) : (
              <>Scan {scan.name} {endedText(scan)}</>
            )}
          </h2>
          <p className="muted">
            {scan.profileName} · {scan.benchmarkId}
            {scan.startedAt ? (
              <>
                {" "}
                · started <TimeAgo value={scan.startedAt} /> · <Duration startedAt={scan.startedAt} finishedAt={scan.finishedAt} />
              </>
            ) : null}
            {active && scan.deadlineAt ? (
              <>
                {" "}
                · times out at <time dateTime={scan.deadlineAt}>{new Date(scan.deadlineAt).toLocaleTimeString()}</time>
              </>
            ) : null}
          </p>
        </div>
        <div className="row">
          {active ? (
            <button type="button" className="button button--danger-outline" onClick={() => cancel.mutate(scan.id)} disabled={cancel.isPending || scan.cancelRequested}>
              {scan.cancelRequested ? "Cancel requested" : cancel.isPending ? "Cancelling…" : "Cancel scan"}
            </button>
          ) : (
            <>
              {showReportLink && scan.state === "COMPLETED" ? (
                <Link href={`/clusters/${clusterId}/cis-scans/${scan.id}`} className="button button--primary">
                  Open report
                </Link>
              ) : null}
              {onDismiss ? (
                <button type="button" className="button" onClick={onDismiss}>
                  Dismiss
                </button>
              ) : null}
            </>
          )}
        </div>
      </div>
      {cancel.error ? <Alert label="Scan could not be cancelled">{errorMessage(cancel.error)}</Alert> : null}
      {scan.state === "FAILED" && scan.error ? (
        <Alert label="Scan error" title="The scan did not complete">
          <p>{scan.error}</p>
        </Alert>
      ) : null}

      <div
        className="progress"
        role="progressbar"
        aria-label="Nodes scanned"
        aria-valuemin={0}
        aria-valuemax={scannable || 1}
        aria-valuenow={finished}
        aria-valuetext={scannable ? `${finished} of ${plural(scannable, "node")} done` : "Listing nodes"}
      >
        <div className={`progress__bar${active ? "" : " progress__bar--done"}`} style={{ width: `${active ? percent : 100}%` }} />
      </div>
      <ul className="node-counts" aria-label="Nodes by state" data-testid="node-counts">
        {statusEntries(NODE_STATES)
          .filter(([state]) => counts[state] || state === "PENDING" || state === "RUNNING" || state === "SUCCEEDED")
          .map(([state, look]) => (
            <li key={state}>
              <span className="node-counts__n">{counts[state] ?? 0}</span> {look.label.toLowerCase()}
            </li>
          ))}
      </ul>

      {nodes.data?.items.length ? (
        <>
          <DataTable label={`Nodes of scan ${scan.name}`} className="table--compact" columns={["Node", "Roles", "State", "Details"]}>
            {nodes.data.items.map((n) => (
              <NodeRow key={n.name} node={n} badge={<NodeStateBadge state={n.state} />}>
                {n.reason ?? (n.state === "RUNNING" ? `kube-bench ${n.targets.join(", ")}` : "")}
              </NodeRow>
            ))}
          </DataTable>
          <Pager label="Nodes pages" page={page} pageSize={NODE_PAGE} total={nodes.data.total} onPage={setPage} />
        </>
      ) : active ? (
        <p className="muted">Listing the cluster&apos;s nodes…</p>
      ) : null}
    </section>
  );
}

function endedText(scan: ScanDetail): string {
  switch (scan.state) {
    case "COMPLETED":
      return scan.fail + scan.mixed > 0 ? `finished: ${plural(scan.fail + scan.mixed, "test")} failed` : "finished: no failed tests";
    case "FAILED":
      return "failed";
    case "CANCELLED":
      return "was cancelled";
    default:
      return "";
  }
}
