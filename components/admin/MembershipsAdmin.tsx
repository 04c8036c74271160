"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { useClusters } from "@/components/api/clusters";
import { useMembers, useRemoveMember, useSetMember } from "@/components/api/members";
import type { Cluster, ClusterRole, Member } from "@/components/api/types";
import { useUsers } from "@/components/api/users";
import { Notice, ProblemAlert, fieldErrorsOf } from "@/components/ui/Alert";
import { Badge, EmptyState, RowButton, Section } from "@/components/ui/bits";
import { ACTIONS_COLUMN, DataTable, QueryStates } from "@/components/ui/DataTable";
import { ConfirmDialog } from "@/components/ui/Dialog";
import { Field, SubmitButton } from "@/components/ui/Field";
import { AdminHeader } from "./AdminNav";
import { SimulatedBadge } from "@/components/clusters/ClusterList";

const ROLE_TEXT: Record<ClusterRole, string> = { OWNER: "Owner", MEMBER: "Member" };

export function MembershipsAdmin({ initialClusterId }: { initialClusterId?: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const clusters = useClusters();
  const [selected, setSelected] = useState<string | undefined>(initialClusterId);
  const list = clusters.data ?? [];
  const clusterId = list.some((c) => c.id === selected) ? selected! : list[0]?.id;
  const cluster = list.find((c) => c.id === clusterId);

  const select = (id: string) => {
    setSelected(id);
    router.replace(`${pathname}?cluster=${encodeURIComponent(id)}`, { scroll: false });
  };

  return (
    <>
      <AdminHeader description="Users of the dashboard and who can access which cluster." />
      <Section id="memberships-heading" title="Cluster memberships">
        <p className="muted">
          Owners can test, edit and delete a cluster, run CIS scans and see reports. Members only see that the cluster exists.
          Administrators can do everything on every cluster.
        </p>
        <QueryStates
          query={clusters}
          errorLabel="Clusters could not be loaded"
          errorTestId="clusters-error"
          loadingLabel="Loading clusters…"
          empty={
            <EmptyState
              title="No clusters yet"
              action={
                <Link className="button button--primary" href="/clusters/new">
                  Add cluster
                </Link>
              }
            >
              <p>Memberships are given per cluster. Add a cluster first.</p>
            </EmptyState>
          }
        >
          {() => (
            <div className="split">
              <nav aria-label="Clusters" className="side-list">
                <ul>
                  {list.map((c) => (
                    <li key={c.id}>
                      <button type="button" className="side-list__item" aria-current={c.id === clusterId ? "true" : undefined} onClick={() => select(c.id)}>
                        <span>{c.name}</span> <SimulatedBadge cluster={c} />
                      </button>
                    </li>
                  ))}
                </ul>
              </nav>
              {cluster ? <ClusterMembers key={cluster.id} cluster={cluster} /> : null}
            </div>
          )}
        </QueryStates>
      </Section>
    </>
  );
}

function ClusterMembers({ cluster }: { cluster: Cluster }) {
  const members = useMembers(cluster.id);
  const users = useUsers();
  const setMember = useSetMember(cluster.id);
  const removeMember = useRemoveMember(cluster.id);
  const [userId, setUserId] = useState("");
  const [role, setRole] = useState<ClusterRole>("MEMBER");
  const [removing, setRemoving] = useState<Member | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const memberIds = new Set((members.data ?? []).map((m) => m.user.id));
  const candidates = (users.data ?? []).filter((u) => !memberIds.has(u.id));
  const chosen = candidates.some((u) => u.id === userId) ? userId : "";
  const addErrors = fieldErrorsOf(setMember.error);

  return (
    <div className="card stack" aria-labelledby="members-of-heading" role="region">
      <h3 id="members-of-heading" className="subsection-title">
        Members of {cluster.name}
      </h3>
      <Notice text={notice} label="Memberships notice" testId="members-notice" />
      <ProblemAlert error={removeMember.error} label="Membership could not be removed" testId="remove-member-error" />
      <QueryStates
        query={members}
        errorLabel="Members could not be loaded"
        errorTestId="members-error"
        loadingLabel="Loading members…"
        empty={<p className="muted">Nobody has a membership yet: only administrators can see this cluster.</p>}
      >
        {(list) => (
          <DataTable label={`Members of ${cluster.name}`} columns={["User", "Role", ACTIONS_COLUMN]}>
            {list.map((m) => {
              const other: ClusterRole = m.role === "OWNER" ? "MEMBER" : "OWNER";
              return (
                <tr key={m.user.id}>
                  <th scope="row" className="table__name">
                    {m.user.name}
                    <span className="table__sub">{m.user.email}</span>
                  </th>
                  <td>{m.role === "OWNER" ? <Badge tone="info">Owner</Badge> : <Badge>Member</Badge>}</td>
                  <td className="table__actions">
                    <RowButton
                      aria-label={`Make ${m.user.email} ${ROLE_TEXT[other]}`}
                      disabled={setMember.isPending}
                      onClick={() =>
                        setMember.mutate(
                          { userId: m.user.id, role: other },
                          { onSuccess: () => setNotice(`${m.user.email} is now ${ROLE_TEXT[other]} of ${cluster.name}.`) },
                        )
                      }
                    >
                      Make {ROLE_TEXT[other]}
                    </RowButton>
                    <RowButton danger aria-label={`Remove ${m.user.email}`} onClick={() => setRemoving(m)}>
                      Remove
                    </RowButton>
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </QueryStates>

      <form
        className="inline-form"
        aria-labelledby="add-member-heading"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!chosen) return;
          const user = candidates.find((u) => u.id === chosen)!;
          setMember.mutate(
            { userId: chosen, role },
            {
              onSuccess: () => {
                setUserId("");
                setNotice(`${user.email} is now ${ROLE_TEXT[role]} of ${cluster.name}.`);
              },
            },
          );
        }}
      >
        <h4 id="add-member-heading" className="inline-form__title">
          Add a user
        </h4>
        <ProblemAlert error={setMember.error} label="Membership could not be saved" testId="set-member-error" shownFields={["role"]} />
        <div className="inline-form__row">
          <Field label="User">
            {(a) => (
              <select {...a} name="userId" value={chosen} onChange={(e) => setUserId(e.target.value)} disabled={users.isPending || !candidates.length}>
                <option value="">{users.isPending ? "Loading…" : candidates.length ? "Choose a user…" : "Every user is already a member"}</option>
                {candidates.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name} ({u.email})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Role" error={addErrors.role}>
            {(a) => (
              <select {...a} name="role" value={role} onChange={(e) => setRole(e.target.value as ClusterRole)}>
                <option value="MEMBER">Member</option>
                <option value="OWNER">Owner</option>
              </select>
            )}
          </Field>
          <SubmitButton pending={setMember.isPending} pendingLabel="Adding…" disabled={!chosen}>
            Add
          </SubmitButton>
        </div>
      </form>

      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={removing ? `Remove ${removing.user.email} from ${cluster.name}?` : "Remove membership?"}
        confirmLabel="Remove"
        pending={removeMember.isPending}
        onConfirm={() => {
          const m = removing!;
          removeMember.mutate(m.user.id, {
            onSuccess: () => {
              setRemoving(null);
              setNotice(`${m.user.email} no longer has access to ${cluster.name}.`);
            },
            onError: () => setRemoving(null),
          });
        }}
      >
        <p>They will no longer see this cluster (administrators still see every cluster).</p>
      </ConfirmDialog>
    </div>
  );
}
