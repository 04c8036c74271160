"use client";
import { errorMessage } from "@/components/api/client";
import {
  NOTIFIER_TYPE_LABELS,
  notifierTarget,
  useDeleteNotifier,
  useNotifiers,
  useTestNotifier,
  type Notifier,
} from "@/components/api/notifiers";
import { AdminHeader } from "@/components/admin/AdminNav";
import { Notice } from "@/components/ui/Alert";
import { Badge, EmptyState, RowButton, Section } from "@/components/ui/bits";
import { ACTIONS_COLUMN, DataTable, QueryStates } from "@/components/ui/DataTable";
import { DeleteDialog, Dialog } from "@/components/ui/Dialog";
import { useListActions } from "@/components/ui/useListActions";
import { NotifierForm } from "./NotifierForm";

type Action = { kind: "add" } | { kind: "edit" | "delete"; notifier: Notifier } | null;

/** Administration > Notifiers: where alerts are sent (Slack, Teams, PagerDuty, webhook, email). */
export function NotifiersAdmin() {
  const notifiers = useNotifiers();
  const { action, setAction, notice, close, done } = useListActions<Action>();

  return (
    <>
      <AdminHeader description="Users of the dashboard, who can access which cluster, the profiles scans use, and where alerts are sent.">
        <AddButton onClick={() => setAction({ kind: "add" })} />
      </AdminHeader>
      <Section
        id="notifiers-heading"
        title="Notifiers"
        description={
          <>
            Alerts of every cluster send their notifications through these. Owners choose them on a cluster&apos;s Alerts page. Webhook URLs, keys and passwords are stored
            encrypted and only ever shown masked.
          </>
        }
      >
        <Notice text={notice} label="Notifiers notice" testId="notifiers-notice" />
        <QueryStates
          query={notifiers}
          errorLabel="Notifiers could not be loaded"
          loadingLabel="Loading notifiers…"
          empty={
            <EmptyState title="No notifiers yet" action={<AddButton onClick={() => setAction({ kind: "add" })} />}>
              <p>Add a Slack or Teams channel, PagerDuty, a webhook or an email address so that alerts can be sent.</p>
            </EmptyState>
          }
        >
          {(list) => (
            <DataTable label="Notifiers" columns={["Name", "Type", "Sends to", ACTIONS_COLUMN]}>
              {list.map((n) => (
                <NotifierRow key={n.id} notifier={n} onEdit={() => setAction({ kind: "edit", notifier: n })} onDelete={() => setAction({ kind: "delete", notifier: n })} />
              ))}
            </DataTable>
          )}
        </QueryStates>
      </Section>

      <Dialog open={action?.kind === "add" || action?.kind === "edit"} onClose={close} title={action?.kind === "edit" ? `Edit ${action.notifier.name}` : "Add notifier"}>
        {action?.kind === "add" ? <NotifierForm onCancel={close} onDone={(n) => done(`Added ${n.name}. Send a test to check that it arrives.`)} /> : null}
        {action?.kind === "edit" ? <NotifierForm notifier={action.notifier} onCancel={close} onDone={(n) => done(`Saved ${n.name}.`)} /> : null}
      </Dialog>
      {action?.kind === "delete" ? <DeleteNotifier notifier={action.notifier} onCancel={close} onDone={() => done(`Deleted ${action.notifier.name}.`)} /> : null}
    </>
  );
}

function AddButton({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" className="button button--primary" onClick={onClick}>
      Add notifier
    </button>
  );
}

function NotifierRow({ notifier: n, onEdit, onDelete }: { notifier: Notifier; onEdit: () => void; onDelete: () => void }) {
  const test = useTestNotifier();
  const result = test.data;
  return (
    <tr>
      <th scope="row" className="table__name">
        {n.name}
        {n.type === "WEBHOOK" && n.secrets.hmacSecret ? <span className="table__sub">Signed with HMAC-SHA256</span> : null}
      </th>
      <td>{NOTIFIER_TYPE_LABELS[n.type] ?? n.type}</td>
      <td>
        <span className="mono wrap">{notifierTarget(n)}</span>
        <span className="table__sub" role="status" aria-label={`Test result for ${n.name}`} data-testid="notifier-test-result">
          {test.isPending ? (
            "Sending a test…"
          ) : test.error ? (
            <span className="table__sub--error">Test could not be sent: {errorMessage(test.error)}</span>
          ) : result ? (
            result.ok ? (
              <>
                <Badge tone="success">Test delivered</Badge> {result.statusCode ? `HTTP ${result.statusCode}, ` : ""}
                {result.durationMs} ms
              </>
            ) : (
              <>
                <Badge tone="error">Test failed</Badge>{" "}
                <span className="table__sub--error">
                  {result.error ?? "unknown error"}
                  {result.statusCode && !result.error?.includes(String(result.statusCode)) ? ` (HTTP ${result.statusCode})` : ""}, {result.durationMs} ms
                </span>
              </>
            )
          ) : null}
        </span>
      </td>
      <td className="table__actions">
        <RowButton aria-label={`Send test to ${n.name}`} disabled={test.isPending} onClick={() => test.mutate(n.id)}>
          {test.isPending ? "Sending…" : "Send test"}
        </RowButton>
        <RowButton aria-label={`Edit ${n.name}`} onClick={onEdit}>
          Edit
        </RowButton>
        <RowButton danger aria-label={`Delete ${n.name}`} onClick={onDelete}>
          Delete
        </RowButton>
      </td>
    </tr>
  );
}

function DeleteNotifier({ notifier, onCancel, onDone }: { notifier: Notifier; onCancel: () => void; onDone: () => void }) {
  const del = useDeleteNotifier();
  return (
    <DeleteDialog
      title={`Delete ${notifier.name}?`}
      confirmLabel="Delete notifier"
      errorLabel="Notifier could not be deleted"
      mutation={del}
      variables={notifier.id}
      onCancel={onCancel}
      onDone={onDone}
    >
      <p>Alerts that use it stop sending there; alerts left without a notifier send nothing. Its past notifications are removed from the logs.</p>
    </DeleteDialog>
  );
}
