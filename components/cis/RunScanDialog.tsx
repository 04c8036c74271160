"use client";
import { useState } from "react";
import { ApiError, errorMessage } from "@/components/api/client";
import { useClusterProfiles, useSkipPreview, useStartScan } from "@/components/api/scans";
import type { ScanSummary } from "@/components/api/types";
import { Alert, fieldErrorsOf } from "@/components/ui/Alert";
import { Loading } from "@/components/ui/bits";
import { DialogFormActions } from "@/components/ui/Dialog";
import { Field } from "@/components/ui/Field";
import { SKIP_SOURCE_LABELS, SKIP_SOURCE_ORDER, SkipList } from "./format";
import { ProfileSelect, useProfileChoice } from "./ProfileSelect";

/** Run Scan: a profile (those fitting the cluster, or all), the tests it will skip and why, an optional timeout. */
export function RunScanForm({ clusterId, onCancel, onStarted }: { clusterId: string; onCancel: () => void; onStarted: (scan: ScanSummary) => void }) {
  const profiles = useClusterProfiles(clusterId);
  const [showAll, setShowAll] = useState(false);
  const [timeout, setTimeoutMinutes] = useState("");
  const start = useStartScan(clusterId);

  const { all, listed, allListed, profileId, choose } = useProfileChoice(profiles.data, { showAll });
  const profile = all.find((p) => p.id === profileId);
  const preview = useSkipPreview(clusterId, profileId);
  const errors = fieldErrorsOf(start.error);
  const conflict = start.error instanceof ApiError && start.error.status === 409;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!profileId) return;
    const minutes = timeout.trim() ? Number(timeout) : undefined;
    start.mutate({ profileId, ...(minutes !== undefined ? { timeoutSeconds: Math.round(minutes * 60) } : {}) }, { onSuccess: onStarted });
  };

  if (profiles.error) return <Alert label="Profiles could not be loaded">{errorMessage(profiles.error)}</Alert>;
  if (profiles.isPending) return <Loading label="Loading profiles…" />;

  return (
    <form className="stack" noValidate onSubmit={submit} aria-label="Run scan">
      {start.error ? (
        <Alert label="Scan could not be started" testId="run-scan-error" title={conflict ? "A scan is already running" : undefined}>
          <p>{errorMessage(start.error)}</p>
        </Alert>
      ) : null}
      <ProfileSelect
        label="Profile"
        profiles={listed}
        value={profileId}
        onChange={choose}
        error={errors.profileId}
        hint={allListed ? "All profiles. Those not made for this cluster's provider or Kubernetes version are marked." : "Profiles for this cluster's provider and Kubernetes version."}
        autoFocus
      />
      <label className="checkbox">
        <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
        Show all profiles
      </label>
      {profile ? (
        <p className="muted">
          {profile.description || "No description."} Benchmark: {profile.benchmarkTitle}.
        </p>
      ) : null}

      <section className="skip-preview" aria-labelledby="skip-preview-title" aria-busy={preview.isFetching}>
        <h3 id="skip-preview-title" className="subsection-title">
          Tests this scan will skip
        </h3>
        {preview.error ? (
          <Alert label="Skip preview could not be loaded">{errorMessage(preview.error)}</Alert>
        ) : !preview.data ? (
          <Loading label="Loading the skip list…" />
        ) : (
          <>
            {preview.data.warning ? (
              <Alert label="Skip list warning" tone="warning" testId="skip-preview-warning">
                <p>{preview.data.warning}</p>
              </Alert>
            ) : null}
            {preview.data.skips.length ? (
              SKIP_SOURCE_ORDER.map((source) => {
                const items = preview.data.skips.filter((s) => s.source === source);
                if (!items.length) return null;
                return (
                  <div key={source} className="skip-group">
                    <h4 className="skip-group__title">
                      {SKIP_SOURCE_LABELS[source]} <span className="muted">({items.length})</span>
                    </h4>
                    <SkipList skips={items} label={SKIP_SOURCE_LABELS[source]} />
                  </div>
                );
              })
            ) : (
              <p className="muted">No tests will be skipped.</p>
            )}
          </>
        )}
      </section>

      <details className="options" open={Boolean(errors.timeoutSeconds) || undefined}>
        <summary>Timeout: {timeout.trim() ? `${timeout} minutes` : "30 minutes (default)"}</summary>
        <Field label="Timeout in minutes" error={errors.timeoutSeconds} hint="Nodes that have not reported by then are marked as timed out.">
          {(a) => <input {...a} type="number" min={1} max={1440} step={1} inputMode="numeric" value={timeout} onChange={(e) => setTimeoutMinutes(e.target.value)} className="input--short" />}
        </Field>
      </details>
      <DialogFormActions onCancel={onCancel} pending={start.isPending} pendingLabel="Starting…" disabled={!profileId} submitLabel="Start scan" />
    </form>
  );
}
