"use client";
import { useEffect, useState } from "react";
import type { CheckState, NodeCheckState, NodeScanState, ScanState, ScanSummary, ScanTrigger, SkipSource } from "@/components/api/types";
import { StatusBadge, type StatusLook } from "@/components/ui/bits";

/** The states of a test, in the order the report's filter lists them. */
export const CHECK_STATES: Record<CheckState, StatusLook> = {
  FAIL: { label: "Fail", tone: "error" },
  MIXED: { label: "Mixed", tone: "warning" },
  WARN: { label: "Warn", tone: "warning" },
  PASS: { label: "Pass", tone: "success" },
  SKIP: { label: "Skip", tone: "neutral" },
  NOT_APPLICABLE: { label: "N/A", tone: "neutral", title: "Not applicable" },
};

export function CheckStateBadge({ state }: { state: CheckState }) {
  return <StatusBadge statuses={CHECK_STATES} value={state} />;
}

const NODE_CHECK: Record<NodeCheckState, StatusLook> = {
  PASS: { label: "Pass", tone: "success" },
  FAIL: { label: "Fail", tone: "error" },
  WARN: { label: "Warn", tone: "warning" },
  INFO: { label: "Info", tone: "info" },
  NO_RESULT: { label: "No result", tone: "neutral" },
};

export function NodeCheckBadge({ state }: { state: NodeCheckState }) {
  return <StatusBadge statuses={NODE_CHECK} value={state} />;
}

/** The states of a node in a scan, in the order the progress counts list them. */
export const NODE_STATES: Record<NodeScanState, StatusLook> = {
  PENDING: { label: "Pending", tone: "neutral" },
  RUNNING: { label: "Running", tone: "info" },
  SUCCEEDED: { label: "Succeeded", tone: "success" },
  FAILED: { label: "Failed", tone: "error" },
  TIMED_OUT: { label: "Timed out", tone: "error" },
  CANCELLED: { label: "Cancelled", tone: "warning" },
  NOT_SCANNED: { label: "Not scanned", tone: "neutral" },
};

export function NodeStateBadge({ state }: { state: NodeScanState }) {
  return <StatusBadge statuses={NODE_STATES} value={state} />;
}

/** A scan's state; a completed scan reads Pass or Fail like Rancher's list. */
export function ScanStateBadge({ scan }: { scan: Pick<ScanSummary, "state" | "fail" | "mixed" | "error" | "cancelRequested"> }) {
  const looks: Record<ScanState, StatusLook> = {
    PENDING: { label: scan.cancelRequested ? "Cancelling" : "Pending", tone: "neutral" },
    RUNNING: { label: scan.cancelRequested ? "Cancelling" : "Running", tone: "info" },
    COMPLETED: scan.fail + scan.mixed > 0 ? { label: "Fail", tone: "error", title: "Completed with failed tests" } : { label: "Pass", tone: "success", title: "Completed without failed tests" },
    FAILED: { label: "Error", tone: "error", title: scan.error ?? "The scan did not complete" },
    CANCELLED: { label: "Cancelled", tone: "warning" },
  };
  return <StatusBadge statuses={looks} value={scan.state} />;
}

/** A node's row in a table of nodes: its name, its roles, its state badge, then the detail cell. */
export function NodeRow({ node, badge, children }: { node: { name: string; roles: string[] }; badge: React.ReactNode; children: React.ReactNode }) {
  return (
    <tr>
      <th scope="row" className="mono nowrap">
        {node.name}
      </th>
      <td>{node.roles.join(", ")}</td>
      <td>{badge}</td>
      <td className="wrap">{children}</td>
    </tr>
  );
}

export const TRIGGER_LABELS: Record<ScanTrigger, string> = { MANUAL: "Manual", SCHEDULED: "Scheduled", IMPORTED: "Imported" };

export const SKIP_SOURCE_LABELS: Record<SkipSource, string> = {
  profile: "Profile skip",
  not_applicable: "Not applicable",
  user: "Skipped by users of this cluster",
};

/** The order in which the tests a scan will skip are grouped by why. */
export const SKIP_SOURCE_ORDER: SkipSource[] = ["profile", "not_applicable", "user"];

/** Skipped tests, each with its reason. */
export function SkipList({ skips, label, className = "skip-list" }: { skips: { id: string; reason: string }[]; label?: string; className?: string }) {
  return (
    <ul className={className} aria-label={label}>
      {skips.map((s) => (
        <li key={s.id}>
          <span className="mono skip-list__id">{s.id}</span>
          <span className="skip-list__reason">{s.reason}</span>
        </li>
      ))}
    </ul>
  );
}

export const ROLE_TEXT: Record<string, string> = { controlplane: "controlplane", etcd: "etcd", worker: "worker" };

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

/** Started to finished, or to now (ticking) while the scan runs. */
export function Duration({ startedAt, finishedAt }: { startedAt: string | null; finishedAt: string | null }) {
  const running = Boolean(startedAt && !finishedAt);
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    if (!running) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [running]);
  if (!startedAt) return <>—</>;
  const end = finishedAt ? new Date(finishedAt).getTime() : now;
  if (end === null) return <>—</>;
  return <>{formatDuration(end - new Date(startedAt).getTime())}</>;
}

export function plural(n: number, one: string, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}
