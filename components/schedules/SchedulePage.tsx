"use client";
import { useState } from "react";
import { errorMessage } from "@/components/api/client";
import { useCluster } from "@/components/api/clusters";
import { useDeleteSchedule, useSchedule, type Schedule } from "@/components/api/schedules";
import { canManage, type Cluster } from "@/components/api/types";
import { AccessNotice, isForbidden } from "@/components/cis/CisFrame";
import { SubPageHeader } from "@/components/shell/PageHeader";
import { Alert } from "@/components/ui/Alert";
import { Loading } from "@/components/ui/bits";
import { ConfirmDialog } from "@/components/ui/Dialog";
import { ClusterYmlSection } from "./ClusterYmlSection";
import { ScheduleFires } from "./ScheduleFires";
import { ScheduleForm } from "./ScheduleForm";

/** Tools > CIS Scans > Add Schedule: the cluster's recurring scan, what its fires did, and its cluster.yml block. */
export function SchedulePage({ cluster: initial }: { cluster: Cluster }) {
  const { data } = useCluster(initial.id, initial);
  const cluster = data ?? initial;
  const allowed = canManage(cluster.myRole);
  return (
    <div className="stack-lg">
      <SubPageHeader
        back={{ href: `/clusters/${cluster.id}/cis-scans`, label: "CIS Scans" }}
        title="Scheduled scans"
        description={`Scan ${cluster.name} against the CIS Kubernetes Benchmark on a recurring schedule.`}
      />
      {allowed ? <ScheduleSections cluster={cluster} /> : <AccessNotice />}
    </div>
  );
}

function ScheduleSections({ cluster }: { cluster: Cluster }) {
  const schedule = useSchedule(cluster.id);
  const remove = useDeleteSchedule(cluster.id);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirm, setConfirm] = useState(false);

  if (isForbidden(schedule.error)) return <AccessNotice />;
  if (schedule.error) return <Alert label="Schedule could not be loaded">{errorMessage(schedule.error)}</Alert>;
  if (schedule.isPending) return <Loading label="Loading the schedule…" />;
  const current = schedule.data;

  const saved = (verb: string) => (s: Schedule) =>
    setNotice(s.enabled ? `Schedule ${verb}. Next scan: ${s.nextRunsText[0] ?? "none planned"}.` : `Schedule ${verb}. It is disabled, so no scans will run.`);

  return (
    <>
      {notice ? (
        <Alert label="Schedule notice" tone="success" testId="schedule-notice">
          <p>{notice}</p>
        </Alert>
      ) : null}
      <section aria-labelledby="schedule-title" className="card stack">
        <div>
          <h2 id="schedule-title" className="section-title">
            {current ? "Schedule" : "Add a schedule"}
          </h2>
          <p className="muted" data-testid="schedule-status">
            {!current
              ? "No recurring scans yet. Choose a profile and an interval, then add the schedule."
              : current.enabled
                ? `Enabled. Next scan: ${current.nextRunsText[0] ?? "none planned"}.`
                : "Disabled: the schedule is kept but no scans run."}
          </p>
        </div>
        {/* Re-initialised when the stored schedule changes (saved, imported, removed). */}
        <ScheduleForm
          key={current?.updatedAt ?? "new"}
          clusterId={cluster.id}
          schedule={current}
          isAdmin={cluster.myRole === "ADMIN"}
          onSaved={saved(current ? "saved" : "added")}
          onRemove={() => setConfirm(true)}
        />
      </section>
      {current ? <ScheduleFires clusterId={cluster.id} /> : null}
      <ClusterYmlSection clusterId={cluster.id} schedule={current} onImported={saved("imported from cluster.yml")} />

      <ConfirmDialog
        open={confirm}
        onClose={() => {
          setConfirm(false);
          remove.reset();
        }}
        title="Remove the schedule?"
        confirmLabel="Remove schedule"
        pending={remove.isPending}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => {
              setConfirm(false);
              setNotice("Schedule removed. Reports of past scheduled scans are kept.");
            },
          })
        }
        error={remove.error ? <Alert label="Schedule could not be removed">{errorMessage(remove.error)}</Alert> : null}
      >
        <p>No more scans will run on a schedule for {cluster.name}. Reports of past scheduled scans are kept.</p>
      </ConfirmDialog>
    </>
  );
}
