"use client";
import Link from "next/link";
import { useSchedule } from "@/components/api/schedules";

/** One read-only line for the CIS Scans page: when the next scheduled scan runs, if there is a schedule. */
export function NextScheduledScan({ clusterId }: { clusterId: string }) {
  const { data: schedule } = useSchedule(clusterId);
  if (!schedule) return null;
  const href = `/clusters/${clusterId}/cis-scans/schedule`;
  return (
    <p className="muted" data-testid="next-scheduled-scan">
      {schedule.enabled ? (
        <>
          Next scheduled scan: <time dateTime={schedule.nextRuns[0]}>{schedule.nextRunsText[0] ?? "none planned"}</time>{" "}
        </>
      ) : (
        <>Scheduled scans are disabled. </>
      )}
      <Link href={href}>Edit schedule</Link>
    </p>
  );
}
