"use client";
import { useId, useState } from "react";
import { errorMessage } from "@/components/api/client";
import { useBenchmarks } from "@/components/api/profiles";
import { useClusterProfiles, useSetUserSkips, useUserSkips } from "@/components/api/scans";
import type { BenchmarkInfo, Cluster } from "@/components/api/types";
import { Alert } from "@/components/ui/Alert";
import { Loading } from "@/components/ui/bits";
import { AccessNotice, CisFrame, isForbidden } from "./CisFrame";

const CHECK_ID = /^\d+(\.\d+)*$/;

/** Tools > CIS Scans > Skipped tests: the cluster's own skip list per benchmark version. */
export function SkippedTestsPage({ cluster }: { cluster: Cluster }) {
  const benchmarks = useBenchmarks();
  const profiles = useClusterProfiles(cluster.id);
  const [showAll, setShowAll] = useState(false);
  // The benchmark versions that fit this cluster's provider and Kubernetes version; all when none does.
  const fitting = new Set((profiles.data ?? []).filter((p) => p.fits).map((p) => p.benchmarkId));
  const shown = (benchmarks.data ?? []).filter((b) => showAll || !fitting.size || fitting.has(b.id));
  const hidden = (benchmarks.data?.length ?? 0) - shown.length;
  return (
    <CisFrame cluster={cluster} tab="skipped">
      <p className="muted prose">
        Tests listed here are skipped by every later scan of {cluster.name} that uses the benchmark version, with any profile, manual or scheduled. The list is kept in
        the cluster itself, in the <code className="mono">security-scan-cfg</code> ConfigMap of the <code className="mono">security-scan</code> namespace. Reports already
        made do not change.
      </p>
      {benchmarks.error ? (
        <Alert label="Benchmarks could not be loaded">{errorMessage(benchmarks.error)}</Alert>
      ) : !benchmarks.data ? (
        <Loading label="Loading benchmarks…" />
      ) : (
        <>
          {shown.map((b) => (
            <BenchmarkSkips key={b.id} clusterId={cluster.id} benchmark={b} />
          ))}
          {hidden > 0 || showAll ? (
            <label className="checkbox">
              <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> Show all benchmark versions
              {hidden > 0 ? <span className="muted"> ({hidden} more that do not fit this cluster)</span> : null}
            </label>
          ) : null}
        </>
      )}
    </CisFrame>
  );
}

function BenchmarkSkips({ clusterId, benchmark }: { clusterId: string; benchmark: BenchmarkInfo }) {
  const skips = useUserSkips(clusterId, benchmark.id);
  const save = useSetUserSkips(clusterId, benchmark.id);
  const [text, setText] = useState("");
  const [inputError, setInputError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const inputId = useId();
  const titleId = useId();
  const ids = skips.data?.ids ?? [];

  const add = (e: React.FormEvent) => {
    e.preventDefault();
    const wanted = text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
    if (!wanted.length) return setInputError("Enter a test id such as 1.1.11.");
    const bad = wanted.filter((id) => !CHECK_ID.test(id));
    if (bad.length) return setInputError(`${bad.join(", ")}: not a test id such as 1.1.11.`);
    const fresh = wanted.filter((id) => !ids.includes(id));
    if (!fresh.length) return setInputError(`${wanted.join(", ")} ${wanted.length === 1 ? "is" : "are"} already skipped.`);
    setInputError(null);
    setNotice(null);
    save.mutate([...ids, ...fresh], {
      onSuccess: () => {
        setText("");
        setNotice(`Added ${fresh.join(", ")}.`);
      },
    });
  };
  const remove = (id: string) => {
    setNotice(null);
    save.mutate(
      ids.filter((x) => x !== id),
      { onSuccess: () => setNotice(`Removed ${id}: the next scans run it again.`) },
    );
  };

  if (isForbidden(skips.error)) return <AccessNotice />;
  return (
    <section className="card stack" aria-labelledby={titleId}>
      <div>
        <h2 id={titleId} className="section-title">
          {benchmark.title} <span className="muted mono">({benchmark.id})</span>
        </h2>
      </div>
      {skips.error ? (
        <Alert label="Skip list could not be read">{errorMessage(skips.error)}</Alert>
      ) : !skips.data ? (
        <Loading label="Reading the skip list from the cluster…" />
      ) : (
        <>
          {skips.data.warning ? (
            <Alert label="Skip list warning" tone="warning">
              <p>{skips.data.warning}</p>
            </Alert>
          ) : null}
          {save.error ? <Alert label="Skip list could not be saved">{errorMessage(save.error)}</Alert> : null}
          {notice ? (
            <Alert label="Skip list notice" tone="success">
              <p>{notice}</p>
            </Alert>
          ) : null}
          {ids.length ? (
            <ul className="skip-chips" aria-label={`Skipped tests of ${benchmark.id}`} data-testid="user-skips">
              {ids.map((id) => (
                <li key={id} className="skip-chip">
                  <span className="mono">{id}</span>
                  <button type="button" className="skip-chip__remove" aria-label={`Remove ${id}`} onClick={() => remove(id)} disabled={save.isPending}>
                    <span aria-hidden="true">×</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted" data-testid="user-skips-empty">
              No tests are skipped by users of this cluster for {benchmark.id}.
            </p>
          )}
          <form className="inline-form__row skip-add" onSubmit={add} noValidate>
            <div className={`field${inputError ? " field--invalid" : ""}`}>
              <label htmlFor={inputId} className="field__label">
                Test ids to skip
              </label>
              <input
                id={inputId}
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder="1.1.11, 2.1.6"
                aria-invalid={inputError ? true : undefined}
                aria-describedby={inputError ? `${inputId}-error` : undefined}
                className="mono"
              />
              {inputError ? (
                <p id={`${inputId}-error`} className="field__error">
                  {inputError}
                </p>
              ) : null}
            </div>
            <button type="submit" className="button button--primary" disabled={save.isPending}>
              {save.isPending ? "Saving…" : "Add"}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
