"use client";
import { useCluster } from "@/components/api/clusters";
import {
  EVENT_LABELS,
  SEVERITY_LABELS,
  useAlertRules,
  useDeleteAlertRule,
  useUpdateAlertRule,
  type AlertRule,
  type Severity,
} from "@/components/api/alerts";
import { canManage, type Cluster } from "@/components/api/types";
import { AccessNotice, isForbidden } from "@/components/cis/CisFrame";
import { SubPageHeader } from "@/components/shell/PageHeader";
import { ErrorAlert, Notice } from "@/components/ui/Alert";
import { Badge, RowButton, Section } from "@/components/ui/bits";
import { ACTIONS_COLUMN, DataTable, QueryStates } from "@/components/ui/DataTable";
import { DeleteDialog, Dialog } from "@/components/ui/Dialog";
import { useListActions } from "@/components/ui/useListActions";
import { AlertRuleForm } from "./AlertRuleForm";
import { DeliveriesLog } from "./DeliveriesLog";

export const SEVERITY_TONES: Record<Severity, "error" | "warning" | "info"> = { CRITICAL: "error", WARNING: "warning", INFO: "info" };

const COLUMNS = ["Name", "Is", "Send a", "Notifiers", "State", ACTIONS_COLUMN];

type Action = { kind: "add" } | { kind: "edit"; rule: AlertRule; activate?: boolean } | { kind: "delete"; rule: AlertRule } | null;

/** Tools > CIS Scans > Add Alert: the cluster's scan alerts, and the notifications they sent. */
export function AlertsPage({ cluster: initial }: { cluster: Cluster }) {
  const { data } = useCluster(initial.id, initial);
  const cluster = data ?? initial;
  const allowed = canManage(cluster.myRole);
  const { action, setAction, notice, setNotice, close } = useListActions<Action>();
  const isAdmin = cluster.myRole === "ADMIN";

  return (
    <div className="stack-lg">
      <SubPageHeader
        back={{ href: `/clusters/${cluster.id}/cis-scans`, label: "CIS Scans" }}
        title="Alerts"
        description={`Notify people when scans of ${cluster.name} complete or have failures.`}
        actions={
          allowed ? (
            <button type="button" className="button button--primary" onClick={() => setAction({ kind: "add" })}>
              Add Alert
            </button>
          ) : null
        }
      />
      {!allowed ? (
        <AccessNotice />
      ) : (
        <>
          <Notice text={notice} label="Alerts notice" testId="alerts-notice" />
          <RuleTable cluster={cluster} onAction={setAction} onNotice={setNotice} />
          <DeliveriesLog clusterId={cluster.id} />
        </>
      )}

      <Dialog
        open={action?.kind === "add" || action?.kind === "edit"}
        onClose={close}
        title={action?.kind === "edit" ? `Edit ${action.rule.name}` : "Add Alert"}
        description={action?.kind === "edit" && action.activate && !action.rule.notifiers.length ? "Choose where to send it, then save to activate this alert." : undefined}
      >
        {action?.kind === "add" ? (
          <AlertRuleForm
            clusterId={cluster.id}
            isAdmin={isAdmin}
            onCancel={close}
            onDone={(r) => {
              close();
              setNotice(`Added the alert ${r.name}. It is active.`);
            }}
          />
        ) : null}
        {action?.kind === "edit" ? (
          <AlertRuleForm
            clusterId={cluster.id}
            rule={action.rule}
            activate={action.activate}
            isAdmin={isAdmin}
            onCancel={close}
            onDone={(r) => {
              close();
              setNotice(`Saved ${r.name}${r.active ? "" : " (inactive)"}.`);
            }}
          />
        ) : null}
      </Dialog>
      {action?.kind === "delete" ? (
        <DeleteRule
          clusterId={cluster.id}
          rule={action.rule}
          onCancel={close}
          onDone={() => {
            close();
            setNotice(`Deleted the alert ${action.rule.name}.`);
          }}
        />
      ) : null}
    </div>
  );
}

function RuleTable({ cluster, onAction, onNotice }: { cluster: Cluster; onAction: (a: Action) => void; onNotice: (text: string | null) => void }) {
  const rules = useAlertRules(cluster.id);
  const update = useUpdateAlertRule(cluster.id);

  if (isForbidden(rules.error)) return <AccessNotice />;

  const setActive = (rule: AlertRule, active: boolean) => {
    // An alert needs somewhere to send before it can be active: ask for notifiers first.
    if (active && !rule.notifiers.length) return onAction({ kind: "edit", rule, activate: true });
    update.mutate({ id: rule.id, active }, { onSuccess: (r) => onNotice(`${r.name} is ${r.active ? "active" : "inactive"}.`) });
  };

  return (
    <Section
      id="rules-title"
      title="Alerts for cluster scans"
      description="The four built-in alerts are inactive until you activate them and choose notifiers. Alerts you add are active at once."
    >
      <ErrorAlert error={update.error} label="Alert could not be changed" />
      <QueryStates query={rules} errorLabel="Alerts could not be loaded" loadingLabel="Loading alerts…">
        {(list) => (
          <DataTable label="Alerts" columns={COLUMNS}>
            {list.map((r) => (
              <tr key={r.id}>
                <th scope="row" className="table__name">
                  {r.name} {r.builtIn ? <Badge>built-in</Badge> : null}
                  {r.minIntervalSeconds ? <span className="table__sub">At most one notification every {formatInterval(r.minIntervalSeconds)}</span> : null}
                </th>
                <td>{EVENT_LABELS[r.event]}</td>
                <td>
                  <Badge tone={SEVERITY_TONES[r.severity]}>{SEVERITY_LABELS[r.severity]}</Badge>
                </td>
                <td>{r.notifiers.length ? r.notifiers.map((n) => n.name).join(", ") : <span className="muted">None</span>}</td>
                <td>{r.active ? <Badge tone="success">Active</Badge> : <Badge>Inactive</Badge>}</td>
                <td className="table__actions">
                  <RowButton
                    aria-label={`${r.active ? "Deactivate" : "Activate"} ${r.name}`}
                    disabled={update.isPending && update.variables?.id === r.id}
                    onClick={() => setActive(r, !r.active)}
                  >
                    {r.active ? "Deactivate" : "Activate"}
                  </RowButton>
                  <RowButton aria-label={`Edit ${r.name}`} onClick={() => onAction({ kind: "edit", rule: r })}>
                    Edit
                  </RowButton>
                  {r.builtIn ? null : (
                    <RowButton danger aria-label={`Delete ${r.name}`} onClick={() => onAction({ kind: "delete", rule: r })}>
                      Delete
                    </RowButton>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </QueryStates>
    </Section>
  );
}

function formatInterval(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? "hour" : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? "minute" : `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

function DeleteRule({ clusterId, rule, onCancel, onDone }: { clusterId: string; rule: AlertRule; onCancel: () => void; onDone: () => void }) {
  const del = useDeleteAlertRule(clusterId);
  return (
    <DeleteDialog
      title={`Delete ${rule.name}?`}
      confirmLabel="Delete alert"
      errorLabel="Alert could not be deleted"
      mutation={del}
      variables={rule.id}
      onCancel={onCancel}
      onDone={onDone}
    >
      <p>No more notifications will be sent for it. Notifications already sent stay in the log.</p>
    </DeleteDialog>
  );
}
