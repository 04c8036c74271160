"use client";
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { errorMessage } from "@/components/api/client";
import { downloadUrl, isActive, useDeleteScans, useScans } from "@/components/api/scans";
import type { Cluster, ScanSummary } from "@/components/api/types";
import { Alert } from "@/components/ui/Alert";
import { EmptyState, Loading, TimeAgo } from "@/components/ui/bits";
import { NextScheduledScan } from "@/components/schedules/NextScheduledScan";
import { ConfirmDialog, Dialog } from "@/components/ui/Dialog";
import { ACTIONS_COLUMN, DataTable, numColumn, type Column } from "@/components/ui/DataTable";
import { MenuButton } from "@/components/ui/MenuButton";
import { AccessNotice, CisFrame, isForbidden } from "./CisFrame";
import { Duration, ScanStateBadge, TRIGGER_LABELS, plural } from "./format";
import { ImportForm } from "./ImportDialog";
import { Pager } from "./Pager";
import { RunScanForm } from "./RunScanDialog";
import { ScanProgress } from "./ScanProgress";

const PAGE_SIZE = 25;
/** The reports table's columns after the selection checkbox. */
const SCAN_COLUMNS: (string | Column)[] = [
  "State",
  "Name",
  "Profile",
  numColumn("Total"),
  numColumn("Pass"),
  numColumn("Fail"),
  numColumn("Skip"),
  numColumn(<abbr title="Not applicable">N/A</abbr>),
  numColumn("Warn"),
  "Started",
  "Duration",
  "Trigger",
  ACTIONS_COLUMN,
];

type Notice = { text: string; href?: string; linkText?: string } | null;

/** Tools > CIS Scans: run or import scans, follow a running one, and list the reports. */
export function CisScansPage({ cluster }: { cluster: Cluster }) {
  const [dialog, setDialog] = useState<"run" | "import" | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [watched, setWatched] = useState<string[]>([]);
  const watch = useCallback((id: string) => setWatched((w) => (w.includes(id) ? w : [...w, id])), []);
  const close = () => setDialog(null);

  const actions = (
    <>
      <button type="button" className="button button--primary" onClick={() => setDialog("run")}>
        Run Scan
      </button>
      <button type="button" className="button" onClick={() => setDialog("import")}>
        Import results
      </button>
      <Link className="button" href={`/clusters/${cluster.id}/cis-scans/schedule`}>
        Add Schedule
      </Link>
      <Link className="button" href={`/clusters/${cluster.id}/cis-scans/alerts`}>
        Add Alert
      </Link>
    </>
  );

  return (
    <CisFrame cluster={cluster} tab="reports" actions={actions}>
      {notice ? (
        <Alert label="CIS scans notice" tone="success" testId="cis-notice">
          <p>
            {notice.text}{" "}
            {notice.href ? <Link href={notice.href}>{notice.linkText ?? "Open"}</Link> : null}
          </p>
        </Alert>
      ) : null}
      <NextScheduledScan clusterId={cluster.id} />
      {watched.map((id) => (
        <ScanProgress key={id} clusterId={cluster.id} scanId={id} onDismiss={() => setWatched((w) => w.filter((x) => x !== id))} />
      ))}
      <ScanList cluster={cluster} onActive={watch} onNotice={setNotice} onRun={() => setDialog("run")} />

      <Dialog open={dialog === "run"} onClose={close} title="Run Scan" size="large" description="kube-bench runs on every node of the cluster; the report appears below when it finishes.">
        {dialog === "run" ? (
          <RunScanForm
            clusterId={cluster.id}
            onCancel={close}
            onStarted={(scan) => {
              close();
              setNotice(null);
              watch(scan.id);
            }}
          />
        ) : null}
      </Dialog>
      <Dialog open={dialog === "import"} onClose={close} title="Import results" size="large" description="Add a report from kube-bench runs made elsewhere, for example on an air-gapped cluster.">
        {dialog === "import" ? (
          <ImportForm
            clusterId={cluster.id}
            onCancel={close}
            onDone={(scan) => {
              close();
              setNotice({ text: `Imported ${scan.name}.`, href: `/clusters/${cluster.id}/cis-scans/${scan.id}`, linkText: "Open the report" });
            }}
          />
        ) : null}
      </Dialog>
    </CisFrame>
  );
}

function ScanList({ cluster, onActive, onNotice, onRun }: { cluster: Cluster; onActive: (id: string) => void; onNotice: (n: Notice) => void; onRun: () => void }) {
  const [page, setPage] = useState(1);
  const { data, error, isPending } = useScans(cluster.id, { page, pageSize: PAGE_SIZE });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirm, setConfirm] = useState<ScanSummary[] | null>(null);
  const del = useDeleteScans(cluster.id);
  const items = data?.items ?? [];

  // Running scans show their live progress above the list.
  const activeIds = items.filter((s) => isActive(s.state)).map((s) => s.id).join(",");
  useEffect(() => {
    for (const id of activeIds ? activeIds.split(",") : []) onActive(id);
  }, [activeIds, onActive]);

  // Selection only keeps rows that are still listed.
  const listedIds = items.map((s) => s.id).join(",");
  useEffect(() => {
    setSelected((sel) => {
      const ids = new Set(listedIds.split(","));
      const next = new Set([...sel].filter((id) => ids.has(id)));
      return next.size === sel.size ? sel : next;
    });
  }, [listedIds]);

  if (isForbidden(error)) return <AccessNotice />;
  if (error) return <Alert label="Reports could not be loaded">{errorMessage(error)}</Alert>;
  if (isPending) return <Loading label="Loading reports…" />;
  if (!data?.total)
    return (
      <EmptyState
        title="No scans yet"
        action={
          <button type="button" className="button button--primary" onClick={onRun}>
            Run Scan
          </button>
        }
      >
        <p>Run a scan to check {cluster.name} against the CIS Kubernetes Benchmark, or import kube-bench results made elsewhere.</p>
      </EmptyState>
    );

  const chosen = items.filter((s) => selected.has(s.id));
  const selectable = items.filter((s) => !isActive(s.state));
  const allChecked = selectable.length > 0 && selectable.every((s) => selected.has(s.id));
  const toggle = (id: string, on: boolean) =>
    setSelected((sel) => {
      const next = new Set(sel);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <section aria-labelledby="reports-title" className="stack">
      <div className="table-toolbar">
        <h2 id="reports-title" className="section-title table-toolbar__title">
          Reports <span className="muted">({data.total})</span>
        </h2>
        <div className="table-toolbar__actions" role="group" aria-label="Selected reports">
          <span className="muted" aria-live="polite">
            {chosen.length ? `${plural(chosen.length, "report")} selected` : "Select reports to download or delete several"}
          </span>
          {chosen.length ? (
            <>
              <a className="button button--small" href={downloadUrl(cluster.id, chosen.map((s) => s.id), "csv")} download>
                Download CSV{chosen.length > 1 ? " (zip)" : ""}
              </a>
              <a className="button button--small" href={downloadUrl(cluster.id, chosen.map((s) => s.id), "json")} download>
                Download JSON{chosen.length > 1 ? " (zip)" : ""}
              </a>
              <button type="button" className="button button--small button--danger-outline" onClick={() => setConfirm(chosen)}>
                Delete selected
              </button>
            </>
          ) : null}
        </div>
      </div>
      <DataTable
        label="Reports"
        className="scans-table"
        columns={[
          {
            className: "table__check",
            label: (
              <input
                type="checkbox"
                aria-label="Select all reports on this page"
                checked={allChecked}
                disabled={!selectable.length}
                onChange={(e) => setSelected(e.target.checked ? new Set(selectable.map((s) => s.id)) : new Set())}
              />
            ),
          },
          ...SCAN_COLUMNS,
        ]}
      >
          {items.map((s) => {
            const active = isActive(s.state);
            const done = s.state === "COMPLETED";
            return (
              <tr key={s.id} className={selected.has(s.id) ? "is-selected" : undefined}>
                <td className="table__check">
                  <input
                    type="checkbox"
                    aria-label={`Select ${s.name}`}
                    checked={selected.has(s.id)}
                    disabled={active}
                    onChange={(e) => toggle(s.id, e.target.checked)}
                  />
                </td>
                <td>
                  <ScanStateBadge scan={s} />
                </td>
                <th scope="row" className="table__name nowrap">
                  <Link href={`/clusters/${cluster.id}/cis-scans/${s.id}`}>{s.name}</Link>
                  {s.state === "FAILED" && s.error ? <span className="table__sub table__sub--error">{s.error}</span> : null}
                </th>
                <td>
                  {s.profileName}
                  <span className="table__sub">{s.benchmarkId}</span>
                </td>
                <td className="num">{done ? s.total : "—"}</td>
                <td className="num">{done ? s.pass : "—"}</td>
                <td className={`num${done && s.fail + s.mixed ? " num--fail" : ""}`}>
                  {done ? s.fail : "—"}
                  {done && s.mixed ? <span className="table__sub">+{s.mixed} mixed</span> : null}
                </td>
                <td className="num">{done ? s.skip : "—"}</td>
                <td className="num">{done ? s.notApplicable : "—"}</td>
                <td className="num">{done ? s.warn : "—"}</td>
                <td className="nowrap">
                  <TimeAgo value={s.startedAt ?? s.createdAt} />
                </td>
                <td className="nowrap">
                  <Duration startedAt={s.startedAt} finishedAt={s.finishedAt} />
                </td>
                <td>
                  {TRIGGER_LABELS[s.trigger]}
                  <span className="table__sub">{s.requestedBy ? <span title={s.requestedBy.email}>by {s.requestedBy.name}</span> : s.trigger === "SCHEDULED" ? "by schedule" : ""}</span>
                </td>
                <td className="table__actions">
                  {/* The row menu: its list has fixed coordinates so the table's overflow does not clip it. */}
                  <MenuButton
                    label={`Actions for ${s.name}`}
                    icon="⋮"
                    placement="fixed"
                    className="action-menu"
                    items={[
                      { label: "Download CSV", href: downloadUrl(cluster.id, [s.id], "csv"), download: true, disabled: !done },
                      { label: "Download JSON", href: downloadUrl(cluster.id, [s.id], "json"), download: true, disabled: !done },
                      { label: "Delete", danger: true, disabled: active, onSelect: () => setConfirm([s]) },
                    ]}
                  />
                </td>
              </tr>
            );
          })}
      </DataTable>
      <Pager label="Reports pages" page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} />

      <ConfirmDialog
        open={Boolean(confirm)}
        onClose={() => {
          setConfirm(null);
          del.reset();
        }}
        title={confirm && confirm.length > 1 ? `Delete ${confirm.length} reports?` : "Delete report?"}
        confirmLabel="Delete"
        pending={del.isPending}
        onConfirm={() =>
          confirm &&
          del.mutate(
            confirm.map((s) => s.id),
            {
              onSuccess: () => {
                onNotice({ text: confirm.length > 1 ? `Deleted ${confirm.length} reports.` : `Deleted ${confirm[0].name}.` });
                setConfirm(null);
              },
            },
          )
        }
        error={del.error ? <Alert label="Reports could not be deleted">{errorMessage(del.error)}</Alert> : null}
      >
        {confirm && confirm.length > 1 ? (
          <p>
            The reports {confirm.map((s) => s.name).join(", ")} and their results will be deleted. This cannot be undone.
          </p>
        ) : confirm ? (
          <p>The report {confirm[0].name} and its results will be deleted. This cannot be undone.</p>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}
