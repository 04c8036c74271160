"use client";
import Link from "next/link";
import { Fragment, useState } from "react";
import { useDeliveries, type Delivery, type DeliveryStatus } from "@/components/api/alerts";
import { NOTIFIER_TYPE_LABELS } from "@/components/api/notifiers";
import { Badge, Section, StatusBadge, TimeAgo, type StatusLook } from "@/components/ui/bits";
import { DataTable, QueryStates } from "@/components/ui/DataTable";
import styles from "./alerts.module.css";

const STATUS: Record<DeliveryStatus, StatusLook> = {
  PENDING: { label: "Pending", tone: "neutral" },
  SENDING: { label: "Sending", tone: "info" },
  DELIVERED: { label: "Delivered", tone: "success" },
  FAILED: { label: "Failed", tone: "error" },
};

/** "Notifications sent": every message of this cluster's alerts, its state, and each attempt to send it. */
export function DeliveriesLog({ clusterId }: { clusterId: string }) {
  const deliveries = useDeliveries(clusterId);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((o) => {
      const next = new Set(o);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Section id="deliveries-title" title="Notifications sent" description="Failed attempts are retried with growing pauses; the list follows messages still on their way.">
      <QueryStates
        query={deliveries}
        errorLabel="Notifications could not be loaded"
        loadingLabel="Loading notifications…"
        empty={<p className="muted">No notifications yet. They appear here when a scan ends and an active alert matches.</p>}
      >
        {(list) => (
          <DataTable label="Notifications sent" className="table--compact" columns={["Status", "Message", "Alert", "Notifier", "Queued", "Attempts"]}>
            {list.map((d) => (
              <Fragment key={d.id}>
                <tr>
                  <td>
                    <StatusBadge statuses={STATUS} value={d.status} />
                  </td>
                  <th scope="row" className="table__name">
                    {d.message.title}
                    {d.scanId ? (
                      <span className="table__sub">
                        <Link href={`/clusters/${clusterId}/cis-scans/${d.scanId}`}>Open the report</Link>
                      </span>
                    ) : null}
                    {d.status === "FAILED" && d.lastError ? <span className="table__sub table__sub--error">Gave up: {d.lastError}</span> : null}
                    {d.status === "PENDING" && d.attempts > 0 ? (
                      <span className="table__sub">
                        {d.lastError ? `${d.lastError}; ` : ""}retrying <TimeAgo value={d.nextAttemptAt} />
                      </span>
                    ) : null}
                  </th>
                  <td>{d.rule?.name ?? <span className="muted">Deleted alert</span>}</td>
                  <td>
                    {d.notifier.name}
                    <span className="table__sub">{NOTIFIER_TYPE_LABELS[d.notifier.type] ?? d.notifier.type}</span>
                  </td>
                  <td className="nowrap">
                    <TimeAgo value={d.createdAt} />
                  </td>
                  <td className="nowrap">
                    {d.log.length ? (
                      <button type="button" className="expander" aria-expanded={open.has(d.id)} aria-controls={`attempts-${d.id}`} onClick={() => toggle(d.id)}>
                        <span className="expander__icon" aria-hidden="true">
                          {open.has(d.id) ? "▾" : "▸"}
                        </span>
                        {d.log.length === 1 ? "1 attempt" : `${d.log.length} attempts`}
                      </button>
                    ) : (
                      <span className="muted">None yet</span>
                    )}
                  </td>
                </tr>
                {open.has(d.id) ? (
                  <tr className={styles.attemptsRow} id={`attempts-${d.id}`}>
                    <td colSpan={6}>
                      <Attempts delivery={d} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </DataTable>
        )}
      </QueryStates>
    </Section>
  );
}

function Attempts({ delivery }: { delivery: Delivery }) {
  return (
    <table className={styles.attempts} aria-label={`Attempts to send ${delivery.message.title} to ${delivery.notifier.name}`}>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Result</th>
          <th scope="col">HTTP status</th>
          <th scope="col">Error</th>
          <th scope="col">Duration</th>
        </tr>
      </thead>
      <tbody>
        {delivery.log.map((a) => (
          <tr key={a.id}>
            <td className="nowrap">{new Date(a.at).toLocaleString()}</td>
            <td>{a.ok ? <Badge tone="success">OK</Badge> : <Badge tone="error">Failed</Badge>}</td>
            <td>{a.statusCode ?? "—"}</td>
            <td className={a.error ? styles.error : undefined}>{a.error ?? "—"}</td>
            <td className="nowrap">{a.durationMs} ms</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
