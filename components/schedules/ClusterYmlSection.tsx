"use client";
import { useState } from "react";
import { ApiError, errorMessage } from "@/components/api/client";
import { useClusterYml, useImportClusterYml, type Schedule } from "@/components/api/schedules";
import { Alert } from "@/components/ui/Alert";
import { Loading } from "@/components/ui/bits";
import { Field } from "@/components/ui/Field";
import styles from "./schedules.module.css";

const EXAMPLE = `scheduled_cluster_scan:
    enabled: true
    scan_config:
        cis_scan_config:
            override_benchmark_version: rke-cis-1.4
            profile: permissive
    schedule_config:
        cron_schedule: 0 0 * * *
        retention: 24`;

/** Export the schedule as cluster.yml's scheduled_cluster_scan block, or import one. */
export function ClusterYmlSection({ clusterId, schedule, onImported }: { clusterId: string; schedule: Schedule | null; onImported: (s: Schedule) => void }) {
  const yml = useClusterYml(clusterId, Boolean(schedule));
  const importer = useImportClusterYml(clusterId);
  const [text, setText] = useState("");
  const [copied, setCopied] = useState<"ok" | "failed" | null>(null);
  const timezone = schedule?.timezone ?? "UTC";

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(yml.data ?? "");
      setCopied("ok");
    } catch {
      setCopied("failed");
    }
  };

  const problems = importer.error instanceof ApiError ? (importer.error.problem.errors ?? []) : [];
  const importError = importer.error ? (problems.length ? problems.map((p) => (p.field === "yaml" ? p.message : `${p.field}: ${p.message}`)).join("; ") : errorMessage(importer.error)) : undefined;

  return (
    <section aria-labelledby="cluster-yml-title" className="stack form">
      <h2 id="cluster-yml-title" className="section-title">
        Export / Import cluster.yml
      </h2>
      <p className="muted prose">
        The schedule can also be kept in the cluster&apos;s <span className="mono">cluster.yml</span>, as its <span className="mono">scheduled_cluster_scan</span> block.
      </p>
      <div className="stack">
        <div className={styles.yamlHead}>
          <h3 className="subsection-title" id="cluster-yml-export">
            This schedule
          </h3>
          {schedule && yml.data ? (
            <div className="row">
              <span role="status" className="muted">
                {copied === "ok" ? "Copied to the clipboard." : copied === "failed" ? "Could not copy; select the text instead." : ""}
              </span>
              <button type="button" className="button button--small" onClick={copy}>
                Copy
              </button>
            </div>
          ) : null}
        </div>
        {!schedule ? (
          <p className="muted">There is no schedule to export yet.</p>
        ) : yml.error ? (
          <Alert label="cluster.yml could not be loaded">{errorMessage(yml.error)}</Alert>
        ) : yml.isPending ? (
          <Loading label="Loading cluster.yml…" />
        ) : (
          <pre className={styles.yaml} aria-labelledby="cluster-yml-export" tabIndex={0} data-testid="cluster-yml">
            {yml.data}
          </pre>
        )}
      </div>
      <form
        className="stack"
        noValidate
        aria-label="Import cluster.yml"
        onSubmit={(e) => {
          e.preventDefault();
          importer.mutate(
            { yaml: text, timezone },
            {
              onSuccess: (s) => {
                setText("");
                onImported(s);
              },
            },
          );
        }}
      >
        <Field
          label="Import a scheduled_cluster_scan block"
          error={importError}
          hint={
            <>
              Paste the block from a <span className="mono">cluster.yml</span>; it replaces the schedule above. Its cron expression is read in {timezone}.
            </>
          }
        >
          {(a) => (
            <textarea
              {...a}
              className="mono"
              rows={9}
              value={text}
              placeholder={EXAMPLE}
              spellCheck={false}
              onChange={(e) => {
                if (importer.error) importer.reset();
                setText(e.target.value);
              }}
            />
          )}
        </Field>
        <div className="form__actions">
          <button type="submit" className="button" disabled={!text.trim() || importer.isPending}>
            {importer.isPending ? "Importing…" : "Import"}
          </button>
        </div>
      </form>
    </section>
  );
}
