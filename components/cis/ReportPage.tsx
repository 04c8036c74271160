"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Fragment, useEffect, useState } from "react";
import { errorMessage } from "@/components/api/client";
import { downloadUrl, isActive, useCheckNodes, useDeleteScans, useReport, useScan, useSetUserSkips, useUserSkips } from "@/components/api/scans";
import { canManage, type Cluster, type ReportCheck, type ScanDetail } from "@/components/api/types";
import { Alert } from "@/components/ui/Alert";
import { EmptyState, Loading, TimeAgo, statusEntries } from "@/components/ui/bits";
import { ConfirmDialog } from "@/components/ui/Dialog";
import { SubPageHeader } from "@/components/shell/PageHeader";
import { DataTable, numColumn, type Column } from "@/components/ui/DataTable";
import { AccessNotice, isForbidden } from "./CisFrame";
import { CHECK_STATES, CheckStateBadge, Duration, NodeCheckBadge, NodeRow, SKIP_SOURCE_LABELS, ScanStateBadge, TRIGGER_LABELS, plural } from "./format";
import { Pager } from "./Pager";
import { ScanProgress } from "./ScanProgress";

const PAGE_SIZE = 100;
const NODE_PAGE = 20;
const SKIPPABLE = new Set(["FAIL", "MIXED", "WARN", "PASS"]);
const CHECK_COLUMNS: (string | Column)[] = [
  "ID",
  "Description",
  "State",
  "Node type",
  numColumn("Nodes"),
  numColumn("Passed"),
  numColumn("Failed"),
  { label: "Skip", hidden: true },
];

/** One scan's report: summary, warnings, and the checks table with filters, per-node detail and skips. */
export function ReportPage({ cluster, scanId }: { cluster: Cluster; scanId: string }) {
  if (!canManage(cluster.myRole)) return <AccessNotice />;
  return <Report cluster={cluster} scanId={scanId} />;
}

function Report({ cluster, scanId }: { cluster: Cluster; scanId: string }) {
  const router = useRouter();
  const { data: scan, error } = useScan(cluster.id, scanId);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const del = useDeleteScans(cluster.id);
  const listHref = `/clusters/${cluster.id}/cis-scans`;

  if (isForbidden(error)) return <AccessNotice />;
  if (error)
    return (
      <div className="stack">
        <Link href={listHref}>← All reports</Link>
        <Alert label="Report could not be loaded">{errorMessage(error)}</Alert>
      </div>
    );
  if (!scan) return <Loading label="Loading the report…" />;
  const active = isActive(scan.state);
  const done = scan.state === "COMPLETED";

  return (
    <div className="stack-lg">
      <SubPageHeader
        back={{ href: listHref, label: "All reports" }}
        titleClassName="report-title"
        title={
          <>
            {scan.name} <ScanStateBadge scan={scan} />
          </>
        }
        description={`CIS scan report of ${cluster.name} with ${scan.profileName}.`}
        actions={
          <>
            {done ? (
              <>
                <a className="button" href={downloadUrl(cluster.id, [scan.id], "csv")} download>
                  Download CSV
                </a>
                <a className="button" href={downloadUrl(cluster.id, [scan.id], "json")} download>
                  Download JSON
                </a>
              </>
            ) : null}
            {!active ? (
              <button type="button" className="button button--danger-outline" onClick={() => setConfirmDelete(true)}>
                Delete report
              </button>
            ) : null}
          </>
        }
      />

      {active || scan.state === "FAILED" || scan.state === "CANCELLED" ? <ScanProgress clusterId={cluster.id} scanId={scan.id} showReportLink={false} /> : null}
      {done ? <ReportBody cluster={cluster} scan={scan} /> : null}

      <ConfirmDialog
        open={confirmDelete}
        onClose={() => {
          setConfirmDelete(false);
          del.reset();
        }}
        title="Delete report?"
        confirmLabel="Delete"
        pending={del.isPending}
        onConfirm={() => del.mutate([scan.id], { onSuccess: () => router.push(listHref) })}
        error={del.error ? <Alert label="Report could not be deleted">{errorMessage(del.error)}</Alert> : null}
      >
        <p>The report {scan.name} and its results will be deleted. This cannot be undone.</p>
      </ConfirmDialog>
    </div>
  );
}

function ReportBody({ cluster, scan }: { cluster: Cluster; scan: ScanDetail }) {
  const counts: { key: keyof ScanDetail; label: string; tone?: string }[] = [
    { key: "total", label: "Total" },
    { key: "pass", label: "Pass", tone: "success" },
    { key: "fail", label: "Fail", tone: "error" },
    { key: "mixed", label: "Mixed", tone: "warning" },
    { key: "warn", label: "Warn", tone: "warning" },
    { key: "skip", label: "Skip" },
    { key: "notApplicable", label: "Not applicable" },
  ];
  const nodesScanned = scan.nodeStates.SUCCEEDED ?? 0;
  return (
    <>
      <section aria-label="Summary" className="stack">
        <dl className="summary-strip" data-testid="report-summary">
          {counts.map((c) => (
            <div key={c.key} className={`summary-strip__item${c.tone && Number(scan[c.key]) > 0 ? ` summary-strip__item--${c.tone}` : ""}`}>
              <dt>{c.label}</dt>
              <dd>{String(scan[c.key])}</dd>
            </div>
          ))}
        </dl>
        <dl className="facts report-facts">
          <div>
            <dt>Benchmark</dt>
            <dd className="mono">{scan.benchmarkId}</dd>
          </div>
          <div>
            <dt>Profile</dt>
            <dd>{scan.profileName}</dd>
          </div>
          <div>
            <dt>Trigger</dt>
            <dd>
              {TRIGGER_LABELS[scan.trigger]}
              {scan.requestedBy ? <span className="muted"> by {scan.requestedBy.name}</span> : null}
            </dd>
          </div>
          <div>
            <dt>Started</dt>
            <dd>
              <TimeAgo value={scan.startedAt ?? scan.createdAt} />
            </dd>
          </div>
          <div>
            <dt>Duration</dt>
            <dd>
              <Duration startedAt={scan.startedAt} finishedAt={scan.finishedAt} />
            </dd>
          </div>
          <div>
            <dt>Nodes</dt>
            <dd>
              {nodesScanned === scan.nodesTotal ? scan.nodesTotal : `${nodesScanned} of ${scan.nodesTotal} reported`}
            </dd>
          </div>
        </dl>
        {scan.warnings.length ? (
          <Alert label="Report warnings" tone="warning" testId="report-warnings" title={scan.warnings.length === 1 ? "Warning" : `${scan.warnings.length} warnings`}>
            <ul>
              {scan.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </Alert>
        ) : null}
      </section>
      <ChecksSection cluster={cluster} scan={scan} />
    </>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

function ChecksSection({ cluster, scan }: { cluster: Cluster; scan: ScanDetail }) {
  const [searchText, setSearchText] = useState("");
  const search = useDebounced(searchText.trim(), 300);
  const [state, setState] = useState("");
  const [nodeType, setNodeType] = useState("");
  const [failedOnly, setFailedOnly] = useState(false);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const report = useReport(cluster.id, scan.id, { state: failedOnly ? undefined : state || undefined, nodeType: nodeType || undefined, failedOnly, search: search || undefined, page, pageSize: PAGE_SIZE });
  const skips = useUserSkips(cluster.id, scan.benchmarkId);
  const setSkips = useSetUserSkips(cluster.id, scan.benchmarkId);
  const [skipNotice, setSkipNotice] = useState<string | null>(null);

  // A new filter starts on page 1 with every row folded.
  useEffect(() => {
    setPage(1);
    setOpen(new Set());
  }, [search, state, nodeType, failedOnly]);

  const userSkips = skips.data?.ids ?? [];
  const toggleSkip = (id: string) => {
    const skipped = userSkips.includes(id);
    const ids = skipped ? userSkips.filter((x) => x !== id) : [...userSkips, id];
    setSkipNotice(null);
    setSkips.mutate(ids, {
      onSuccess: () =>
        setSkipNotice(skipped ? `${id} is no longer skipped: the next scans run it again.` : `${id} is now skipped by users of this cluster: the next scans skip it.`),
    });
  };
  const filtered = Boolean(search || state || nodeType || failedOnly);
  const data = report.data;

  return (
    <section aria-labelledby="checks-title" className="stack">
      <h2 id="checks-title" className="section-title">
        Tests
      </h2>
      <form className="report-filters" role="search" aria-label="Filter tests" onSubmit={(e) => e.preventDefault()}>
        <div className="field report-filters__search">
          <label htmlFor="check-search" className="field__label">
            Search
          </label>
          <input id="check-search" type="search" placeholder="ID (1.2.) or words in the description" value={searchText} onChange={(e) => setSearchText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="check-state" className="field__label">
            State
          </label>
          <select id="check-state" value={failedOnly ? "" : state} onChange={(e) => setState(e.target.value)} disabled={failedOnly}>
            <option value="">All states</option>
            {statusEntries(CHECK_STATES).map(([value, look]) => (
              <option key={value} value={value}>
                {/* The full name where the badge abbreviates (N/A). */}
                {look.title ?? look.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="check-node-type" className="field__label">
            Node type
          </label>
          <select id="check-node-type" value={nodeType} onChange={(e) => setNodeType(e.target.value)}>
            <option value="">All node types</option>
            <option value="controlplane">controlplane</option>
            <option value="etcd">etcd</option>
            <option value="worker">worker</option>
          </select>
        </div>
        <label className="checkbox report-filters__failed">
          <input type="checkbox" checked={failedOnly} onChange={(e) => setFailedOnly(e.target.checked)} />
          Failed only
        </label>
      </form>
      <p className="muted skip-explainer">
        <strong>Skip</strong> adds a test to this cluster&apos;s skip list for {scan.benchmarkId} (the security-scan-cfg ConfigMap): it applies to the next scans with any profile, not
        to this report. <Link href={`/clusters/${cluster.id}/cis-scans/skipped-tests`}>See the skipped tests</Link>.
      </p>
      {skips.error ? (
        <Alert label="Skip list could not be read" tone="warning">
          <p>{errorMessage(skips.error)} Skip and Unskip are unavailable.</p>
        </Alert>
      ) : null}
      {setSkips.error ? <Alert label="Skip list could not be saved">{errorMessage(setSkips.error)}</Alert> : null}
      {skipNotice ? (
        <Alert label="Skip list notice" tone="success" testId="skip-notice">
          <p>{skipNotice}</p>
        </Alert>
      ) : null}

      {report.error ? (
        <Alert label="Tests could not be loaded">{errorMessage(report.error)}</Alert>
      ) : !data ? (
        <Loading label="Loading tests…" />
      ) : !data.checks.length ? (
        <EmptyState title={failedOnly ? "No failures" : "No tests match"}>
          <p>{failedOnly ? "No test failed or had mixed results in this scan." : filtered ? "Change the search or the filters." : "This report has no tests."}</p>
        </EmptyState>
      ) : (
        <>
          <p className="muted" aria-live="polite" data-testid="checks-count">
            {plural(data.total, "test")}
            {filtered ? " match" : ""}
            {report.isFetching ? " · updating…" : ""}
          </p>
          <DataTable label="Tests" className="checks-table" busy={report.isFetching} columns={CHECK_COLUMNS}>
              {data.checks.map((c) => {
                const expanded = open.has(c.id);
                const detailId = `check-detail-${c.id.replace(/\./g, "-")}`;
                const canSkip = SKIPPABLE.has(c.state) || (c.state === "SKIP" && c.skipSource === "user");
                const skipped = userSkips.includes(c.id);
                return (
                  <Fragment key={c.id}>
                    <tr className={`check-row check-row--${c.state.toLowerCase()}${expanded ? " is-open" : ""}`}>
                      <th scope="row" className="check-row__id">
                        <button
                          type="button"
                          className="expander"
                          aria-expanded={expanded}
                          aria-controls={expanded ? detailId : undefined}
                          aria-label={`${c.id} details`}
                          onClick={() =>
                            setOpen((o) => {
                              const next = new Set(o);
                              if (expanded) next.delete(c.id);
                              else next.add(c.id);
                              return next;
                            })
                          }
                        >
                          <span className="expander__icon" aria-hidden="true">
                            ▸
                          </span>
                          <span className="mono">{c.id}</span>
                        </button>
                      </th>
                      <td className="check-row__desc">{c.description}</td>
                      <td>
                        <CheckStateBadge state={c.state} />
                        {c.state === "SKIP" && c.skipSource ? <span className="table__sub">{SKIP_SOURCE_LABELS[c.skipSource]}</span> : null}
                      </td>
                      <td>{c.nodeTypes.join(", ")}</td>
                      <td className="num">{c.nodesCount}</td>
                      <td className="num">{c.passedCount}</td>
                      <td className={`num${c.failedCount ? " num--fail" : ""}`}>{c.failedCount}</td>
                      <td className="table__actions">
                        {canSkip ? (
                          <button
                            type="button"
                            className={`button button--small${skipped ? " button--skipped" : ""}`}
                            aria-label={skipped ? `Unskip ${c.id}` : `Skip ${c.id}`}
                            title={skipped ? "Run this test again in the next scans" : "Skip this test in the next scans"}
                            disabled={!skips.data || setSkips.isPending}
                            onClick={() => toggleSkip(c.id)}
                          >
                            {skipped ? "Unskip" : "Skip"}
                          </button>
                        ) : null}
                      </td>
                    </tr>
                    {expanded ? (
                      <tr className="check-detail" id={detailId}>
                        <td colSpan={8}>
                          <CheckDetail clusterId={cluster.id} scanId={scan.id} check={c} skippedNext={skipped} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
          </DataTable>
          <Pager label="Tests pages" page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} />
        </>
      )}
    </section>
  );
}

function CheckDetail({ clusterId, scanId, check, skippedNext }: { clusterId: string; scanId: string; check: ReportCheck; skippedNext: boolean }) {
  const [page, setPage] = useState(1);
  const notRun = check.state === "SKIP" || check.state === "NOT_APPLICABLE";
  const nodes = useCheckNodes(clusterId, scanId, check.id, page, NODE_PAGE, !notRun);
  return (
    <div className="check-detail__body">
      {notRun ? (
        <div>
          <h3 className="check-detail__title">{check.state === "SKIP" ? `Why it was skipped (${SKIP_SOURCE_LABELS[check.skipSource ?? "profile"]})` : "Why it does not apply"}</h3>
          <p>{check.reason ?? "No reason was given."}</p>
        </div>
      ) : null}
      <div>
        <h3 className="check-detail__title">Remediation</h3>
        <p className="check-detail__remediation">{check.remediation || "No remediation given."}</p>
      </div>
      {skippedNext && !(check.state === "SKIP" && check.skipSource === "user") ? (
        <p className="muted">This test is on the cluster&apos;s skip list: the next scans skip it.</p>
      ) : null}
      {notRun ? null : nodes.error ? (
        <Alert label="Nodes could not be loaded">{errorMessage(nodes.error)}</Alert>
      ) : !nodes.data ? (
        <Loading label="Loading nodes…" />
      ) : (
        <div>
          <h3 className="check-detail__title">Nodes</h3>
          <DataTable label={`Nodes of test ${check.id}`} className="table--compact" columns={["Node", "Role", "State", "Actual value"]}>
            {nodes.data.nodes.map((n) => (
              <NodeRow key={n.name} node={n} badge={<NodeCheckBadge state={n.state} />}>
                {n.actualValue ? (
                  <pre className="mono actual-value" tabIndex={0} aria-label={`Actual value on ${n.name}`}>
                    {n.actualValue}
                  </pre>
                ) : (
                  <span className="muted">{n.nodeReason ?? "—"}</span>
                )}
              </NodeRow>
            ))}
            {!nodes.data.nodes.length ? (
              <tr>
                <td colSpan={4} className="muted">
                  No node ran this test.
                </td>
              </tr>
            ) : null}
          </DataTable>
          <Pager label={`Nodes of ${check.id} pages`} page={page} pageSize={NODE_PAGE} total={nodes.data.total} onPage={setPage} />
        </div>
      )}
    </div>
  );
}
