"use client";
import Link from "next/link";
import { errorMessage } from "@/components/api/client";
import { useScheduleFires, type FireStatus } from "@/components/api/schedules";
import { Alert } from "@/components/ui/Alert";
import { Badge, Loading, TimeAgo } from "@/components/ui/bits";

const STATUS: Record<FireStatus, { label: string; tone: "success" | "warning" | "error" }> = {
  STARTED: { label: "Started", tone: "success" },
  SKIPPED: { label: "Skipped", tone: "warning" },
  FAILED: { label: "Failed", tone: "error" },
};

/** What each fire of the schedule did: started a scan (with a link to its report), skipped with the reason, or failed. */
export function ScheduleFires({ clusterId }: { clusterId: string }) {
  const { data, error, isPending } = useScheduleFires(clusterId);
  return (
    <section aria-labelledby="fires-title" className="stack">
      <h2 id="fires-title" className="section-title">
        Recent scheduled runs
      </h2>
      {error ? (
        <Alert label="Scheduled runs could not be loaded">{errorMessage(error)}</Alert>
      ) : isPending ? (
        <Loading label="Loading scheduled runs…" />
      ) : !data.length ? (
        <p className="muted">The schedule has not fired yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--compact" aria-label="Recent scheduled runs">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Outcome</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {data.map((f) => (
                <tr key={f.id}>
                  <td className="nowrap">
                    {new Date(f.fireAt).toLocaleString()}
                    <span className="table__sub">
                      <TimeAgo value={f.fireAt} />
                    </span>
                  </td>
                  <td>
                    <Badge tone={STATUS[f.status].tone}>{STATUS[f.status].label}</Badge>
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
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
