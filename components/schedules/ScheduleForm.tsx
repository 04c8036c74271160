"use client";
import { useState } from "react";
import { ApiError, errorMessage } from "@/components/api/client";
import { useCronPreview, useSaveSchedule, type Schedule } from "@/components/api/schedules";
import { useClusterProfiles, useSkipPreview } from "@/components/api/scans";
import { SKIP_SOURCE_LABELS, SKIP_SOURCE_ORDER, SkipList } from "@/components/cis/format";
import { ProfileSelect, useProfileChoice } from "@/components/cis/ProfileSelect";
import { Alert, ProblemAlert, fieldErrorsOf } from "@/components/ui/Alert";
import { Loading } from "@/components/ui/bits";
import { Field, SubmitButton } from "@/components/ui/Field";
import { COMMON_TIMEZONES, browserTimezone } from "./timezones";
import styles from "./schedules.module.css";

const HOUR_MS = 3600_000;
const OTHER = "__other__";
const SHOWN_FIELDS = ["enabled", "profileId", "cron", "timezone", "retention", "allowShortInterval"];

/** Rancher's cluster "Advanced Options" for CIS scans: enabled, profile, interval (cron) in a time zone, retention. */
export function ScheduleForm({
  clusterId,
  schedule,
  isAdmin,
  onSaved,
  onRemove,
}: {
  clusterId: string;
  schedule: Schedule | null;
  isAdmin: boolean;
  onSaved: (s: Schedule) => void;
  onRemove: () => void;
}) {
  const profiles = useClusterProfiles(clusterId);
  const save = useSaveSchedule(clusterId);
  const [enabled, setEnabled] = useState(schedule?.enabled ?? true);
  const [cron, setCron] = useState(schedule?.cron ?? "0 0 * * *");
  const [timezone, setTimezone] = useState(schedule?.timezone ?? "UTC");
  const [otherZone, setOtherZone] = useState(() => Boolean(schedule && !offeredZones().includes(schedule.timezone)));
  const [retention, setRetention] = useState(String(schedule?.retention ?? 24));
  const [allowShort, setAllowShort] = useState(schedule?.allowShortInterval ?? false);

  const preview = useCronPreview(cron, timezone);
  const previewErrors = fieldErrorsOf(preview.error);
  const saveErrors = fieldErrorsOf(save.error);
  const cronError = cron.trim() ? (previewErrors.cron ?? saveErrors.cron) : "is required";
  const zoneError = previewErrors.timezone ?? saveErrors.timezone;
  // The preview's error when it is not about a field (network, server): shown once, above the runs.
  const previewProblem = preview.error && !previewErrors.cron && !previewErrors.timezone ? errorMessage(preview.error) : null;

  const { listed, profileId, choose } = useProfileChoice(profiles.data, { initial: schedule?.profileId ?? null, keep: schedule?.profileId });

  const runs = preview.data && !preview.error ? preview.data : null;
  const gaps = runs ? runs.nextRuns.slice(1).map((r, i) => new Date(r).getTime() - new Date(runs.nextRuns[i]).getTime()) : [];
  const tooFrequent = gaps.some((g) => g < HOUR_MS) && !allowShort;

  const edit = <T,>(set: (v: T) => void) => (v: T) => {
    if (save.error) save.reset();
    set(v);
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!profileId) return;
    // The form is re-initialised (remounted) once the saved schedule is stored, so the result is taken from the
    // promise rather than from a callback of this component's mutation observer.
    save
      .mutateAsync({
        enabled,
        profileId,
        cron: cron.trim(),
        timezone: timezone.trim() || "UTC",
        retention: Number(retention),
        // Only Administrators may change it; others leave it as it is.
        ...(isAdmin ? { allowShortInterval: allowShort } : {}),
      })
      .then(onSaved, () => undefined);
  };

  if (profiles.error) return <Alert label="Profiles could not be loaded">{errorMessage(profiles.error)}</Alert>;
  if (profiles.isPending) return <Loading label="Loading profiles…" />;

  const zones = offeredZones();
  const forbidden = save.error instanceof ApiError && save.error.status === 403;

  return (
    <form className="stack form" noValidate onSubmit={submit} aria-label="Schedule">
      <ProblemAlert error={save.error} label="Schedule could not be saved" testId="schedule-error" shownFields={forbidden ? [] : SHOWN_FIELDS} />

      <fieldset className="fieldset">
        <legend>CIS Scan Enabled</legend>
        <p className="field__hint">When disabled, the schedule is kept but no scans run.</p>
        <div className={styles.radios}>
          <label className="checkbox">
            <input type="radio" name="enabled" checked={enabled} onChange={() => edit(setEnabled)(true)} />
            Yes
          </label>
          <label className="checkbox">
            <input type="radio" name="enabled" checked={!enabled} onChange={() => edit(setEnabled)(false)} />
            No
          </label>
        </div>
      </fieldset>

      <ProfileSelect
        label="CIS Scan Profile"
        required
        profiles={listed}
        value={profileId}
        onChange={edit(choose)}
        error={saveErrors.profileId}
        hint="Permissive or Hardened; the benchmark version is part of the name. Profiles made for this cluster's provider and Kubernetes version are listed."
      />
      {profileId ? <SkipSummary clusterId={clusterId} profileId={profileId} /> : null}

      <Field
        label="CIS Scan Interval (cron)"
        required
        error={cronError}
        hint={
          <>
            Minute, hour, day of month, month, day of week: <span className="mono nowrap">0 3 * * *</span> is every day at 03:00. Macros such as{" "}
            <span className="mono">@daily</span> work too.
          </>
        }
      >
        {(a) => (
          <input
            {...a}
            className="mono"
            value={cron}
            onChange={(e) => edit(setCron)(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
          />
        )}
      </Field>
      <div className={styles.zone}>
        <Field label="Time zone" hint="The cron expression is read in this zone.">
          {(a) => (
            <select
              {...a}
              value={otherZone ? OTHER : timezone}
              onChange={(e) => {
                if (e.target.value === OTHER) {
                  setOtherZone(true);
                } else {
                  setOtherZone(false);
                  edit(setTimezone)(e.target.value);
                }
              }}
            >
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
              <option value={OTHER}>Other time zone…</option>
            </select>
          )}
        </Field>
        {otherZone ? (
          <Field label="Time zone name" error={zoneError} hint="An IANA name, for example Africa/Nairobi or America/Toronto.">
            {(a) => <input {...a} value={timezone} onChange={(e) => edit(setTimezone)(e.target.value)} autoComplete="off" spellCheck={false} maxLength={64} />}
          </Field>
        ) : zoneError ? (
          <p className="field__error">{zoneError}</p>
        ) : null}
      </div>

      <div className={styles.runsBox} aria-live="polite" aria-busy={preview.isFetching}>
        {!cron.trim() ? (
          <p className="muted">Enter a cron expression to see when scans will run.</p>
        ) : previewProblem ? (
          <p className="field__error">The next runs could not be checked: {previewProblem}</p>
        ) : cronError || zoneError ? (
          <p className="muted">Fix the interval to see when scans will run.</p>
        ) : runs ? (
          <>
            <p className={styles.runsTitle} id="next-runs-title">
              {enabled ? "Next 5 scans" : "Next 5 times (no scans run while the schedule is disabled)"}
            </p>
            <ol className={styles.runs} aria-labelledby="next-runs-title" data-testid="next-runs">
              {runs.nextRunsText.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ol>
            {tooFrequent ? (
              <p className="facts__note" data-testid="short-interval-note">
                This runs more often than once an hour.{" "}
                {isAdmin ? "Allow intervals shorter than an hour below to save it." : "Only an Administrator can allow that for this cluster."}
              </p>
            ) : null}
          </>
        ) : (
          <Loading label="Checking the interval…" />
        )}
      </div>

      <Field
        label="CIS Scan Report Retention"
        required
        error={saveErrors.retention}
        hint="How many reports of scheduled scans to keep; older ones are deleted. Manual and imported reports are always kept."
      >
        {(a) => (
          <input {...a} type="number" min={1} max={1000} step={1} inputMode="numeric" className="input--short" value={retention} onChange={(e) => edit(setRetention)(e.target.value)} />
        )}
      </Field>

      {isAdmin ? (
        <div>
          <label className="checkbox">
            <input type="checkbox" checked={allowShort} onChange={(e) => edit(setAllowShort)(e.target.checked)} />
            Allow intervals shorter than an hour
          </label>
          <p className="field__hint">Only Administrators can change this. Frequent scans load every node of the cluster.</p>
          {saveErrors.allowShortInterval ? <p className="field__error">{saveErrors.allowShortInterval}</p> : null}
        </div>
      ) : schedule?.allowShortInterval ? (
        <p className="muted">An Administrator allowed intervals shorter than an hour for this cluster.</p>
      ) : null}

      <div className="form__actions">
        {schedule ? (
          <button type="button" className="button button--danger-outline" onClick={onRemove}>
            Remove schedule
          </button>
        ) : null}
        <SubmitButton pending={save.isPending} pendingLabel="Saving…" disabled={!profileId}>
          {schedule ? "Save schedule" : "Add schedule"}
        </SubmitButton>
      </div>
    </form>
  );
}

function offeredZones(): string[] {
  return [...new Set([...COMMON_TIMEZONES, browserTimezone()].filter((z): z is string => Boolean(z)))];
}

/** The tests a scheduled scan with this profile will skip: by the profile, not applicable, by users of the cluster. */
function SkipSummary({ clusterId, profileId }: { clusterId: string; profileId: string }) {
  const preview = useSkipPreview(clusterId, profileId);
  if (preview.error) return <Alert label="Skip preview could not be loaded">{errorMessage(preview.error)}</Alert>;
  if (!preview.data) return <Loading label="Loading the tests this profile skips…" />;
  const { skips, warning } = preview.data;
  return (
    <section aria-label="Tests scheduled scans will skip" className="stack" aria-busy={preview.isFetching}>
      {warning ? (
        <Alert label="Skip list warning" tone="warning">
          <p>{warning}</p>
        </Alert>
      ) : null}
      {skips.length ? (
        <div className={styles.skipGroups}>
          {SKIP_SOURCE_ORDER.map((source) => {
            const items = skips.filter((s) => s.source === source);
            if (!items.length) return null;
            return (
              <details key={source} open={source === "user" || undefined}>
                <summary>
                  {SKIP_SOURCE_LABELS[source]} ({items.length})
                </summary>
                <SkipList skips={items} label={SKIP_SOURCE_LABELS[source]} className={`skip-list skip-list--compact ${styles.skipList}`} />
              </details>
            );
          })}
        </div>
      ) : (
        <p className="muted">Scans with this profile skip no tests.</p>
      )}
    </section>
  );
}
