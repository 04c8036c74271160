"use client";
import Link from "next/link";
import { useScheduleFires, type FireStatus } from "@/components/api/schedules";
import { Section, StatusBadge, TimeAgo, type StatusLook } from "@/components/ui/bits";
import { DataTable, QueryStates } from "@/components/ui/DataTable";

const STATUS: Record<FireStatus, StatusLook> = {
  STARTED: { label: "Started", tone: "success" },
  SKIPPED: { label: "Skipped", tone: "warning" },
  FAILED: { label: "Failed", tone: "error" },
};

/** What each fire of the schedule did: started a scan (with a link to its report), skipped with the reason, or failed. */
export function ScheduleFires({ clusterId }: { clusterId: string }) {
  const fires = useScheduleFires(clusterId);
  return (
    <Section id="fires-title" title="Recent scheduled runs">
      <QueryStates query={fires} errorLabel="Scheduled runs could not be loaded" loadingLabel="Loading scheduled runs…" empty={<p className="muted">The schedule has not fired yet.</p>}>
        {(list) => (
          <DataTable label="Recent scheduled runs" className="table--compact" columns={["Time", "Outcome", "Details"]}>
            {list.map((f) => (
              <tr key={f.id}>
                <td className="nowrap">
                  {new Date(f.fireAt).toLocaleString()}
                  <span className="table__sub">
                    <TimeAgo value={f.fireAt} />
                  </span>
                </td>
                <td>
                  <StatusBadge statuses={STATUS} value={f.status} />
                </td>
                <td>
                  {f.status === "STARTED" && f.scanId ? (
                    <Link href={`/clusters/${clusterId}/cis-scans/${f.scanId}`}>Open the report</Link>
                  ) : (
                    <span>{f.reason ?? "—"}</span>
                  )}
                  {f.missed ? <span className="table__sub">Run late: it was due while the server was down.</span> : null}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </QueryStates>
    </Section>
  );
}
