"use client";
import { useEffect, useState } from "react";
import type { CheckState, NodeCheckState, NodeScanState, ScanState, ScanSummary, ScanTrigger, SkipSource } from "@/components/api/types";
import { Badge } from "@/components/ui/bits";

type Tone = "neutral" | "info" | "success" | "warning" | "error";

export const CHECK_STATES: { value: CheckState; label: string; tone: Tone }[] = [
  { value: "FAIL", label: "Fail", tone: "error" },
  { value: "MIXED", label: "Mixed", tone: "warning" },
  { value: "WARN", label: "Warn", tone: "warning" },
  { value: "PASS", label: "Pass", tone: "success" },
  { value: "SKIP", label: "Skip", tone: "neutral" },
  { value: "NOT_APPLICABLE", label: "N/A", tone: "neutral" },
];

export function CheckStateBadge({ state }: { state: CheckState }) {
  const s = CHECK_STATES.find((c) => c.value === state)!;
  return (
    <Badge tone={s.tone} title={state === "NOT_APPLICABLE" ? "Not applicable" : undefined}>
      {s.label}
    </Badge>
  );
}

const NODE_CHECK: Record<NodeCheckState, { label: string; tone: Tone }> = {
  PASS: { label: "Pass", tone: "success" },
  FAIL: { label: "Fail", tone: "error" },
  WARN: { label: "Warn", tone: "warning" },
  INFO: { label: "Info", tone: "info" },
  NO_RESULT: { label: "No result", tone: "neutral" },
};

export function NodeCheckBadge({ state }: { state: NodeCheckState }) {
  const s = NODE_CHECK[state] ?? { label: state, tone: "neutral" };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

export const NODE_STATES: { value: NodeScanState; label: string; tone: Tone }[] = [
  { value: "PENDING", label: "Pending", tone: "neutral" },
  { value: "RUNNING", label: "Running", tone: "info" },
  { value: "SUCCEEDED", label: "Succeeded", tone: "success" },
  { value: "FAILED", label: "Failed", tone: "error" },
  { value: "TIMED_OUT", label: "Timed out", tone: "error" },
  { value: "CANCELLED", label: "Cancelled", tone: "warning" },
  { value: "NOT_SCANNED", label: "Not scanned", tone: "neutral" },
];

export function NodeStateBadge({ state }: { state: NodeScanState }) {
  const s = NODE_STATES.find((n) => n.value === state) ?? { label: state, tone: "neutral" as Tone };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

/** A scan's state; a completed scan reads Pass or Fail like Rancher's list. */
export function ScanStateBadge({ scan }: { scan: Pick<ScanSummary, "state" | "fail" | "mixed" | "error" | "cancelRequested"> }) {
  const map: Record<ScanState, { label: string; tone: Tone; title?: string }> = {
    PENDING: { label: scan.cancelRequested ? "Cancelling" : "Pending", tone: "neutral" },
    RUNNING: { label: scan.cancelRequested ? "Cancelling" : "Running", tone: "info" },
    COMPLETED: scan.fail + scan.mixed > 0 ? { label: "Fail", tone: "error", title: "Completed with failed tests" } : { label: "Pass", tone: "success", title: "Completed without failed tests" },
    FAILED: { label: "Error", tone: "error", title: scan.error ?? "The scan did not complete" },
    CANCELLED: { label: "Cancelled", tone: "warning" },
  };
  const s = map[scan.state];
  return (
    <Badge tone={s.tone} title={s.title}>
      {s.label}
    </Badge>
  );
}

export const TRIGGER_LABELS: Record<ScanTrigger, string> = { MANUAL: "Manual", SCHEDULED: "Scheduled", IMPORTED: "Imported" };

export const SKIP_SOURCE_LABELS: Record<SkipSource, string> = {
  profile: "Profile skip",
  not_applicable: "Not applicable",
  user: "Skipped by users of this cluster",
};

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
