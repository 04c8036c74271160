"use client";
import { useState } from "react";
import type { GlobalRole, User } from "@/components/api/types";
import { useCreateUser, useDeleteUser, useUpdateUser, useUsers } from "@/components/api/users";
import { Notice, ProblemAlert, fieldErrorsOf } from "@/components/ui/Alert";
import { Badge, EmptyState, RowButton, Section, TimeAgo } from "@/components/ui/bits";
import { ACTIONS_COLUMN, DataTable, QueryStates } from "@/components/ui/DataTable";
import { DeleteDialog, Dialog, DialogFormActions } from "@/components/ui/Dialog";
import { Field } from "@/components/ui/Field";
import { useListActions } from "@/components/ui/useListActions";
import { AdminHeader } from "./AdminNav";

const ROLE_TEXT: Record<GlobalRole, string> = { ADMIN: "Administrator", USER: "User" };
const ROLE_ORDER: GlobalRole[] = ["USER", "ADMIN"];

type Action = { kind: "create" } | { kind: "role" | "password" | "delete"; user: User } | null;

export function UsersAdmin({ meId }: { meId: string }) {
  const users = useUsers();
  const { action, setAction, notice, close, done } = useListActions<Action>();

  return (
    <>
      <AdminHeader description="Users of the dashboard and who can access which cluster.">
        <button type="button" className="button button--primary" onClick={() => setAction({ kind: "create" })}>
          Create user
        </button>
      </AdminHeader>
      <Section id="users-heading" title="Users">
        <Notice text={notice} label="Users notice" testId="users-notice" />
        <QueryStates query={users} errorLabel="Users could not be loaded" errorTestId="users-error" loadingLabel="Loading users…" empty={<EmptyState title="No users" />}>
          {(list) => (
            <DataTable label="Users" columns={["Name", "Email", "Role", "Created", ACTIONS_COLUMN]}>
              {list.map((u) => (
                <tr key={u.id}>
                  <th scope="row" className="table__name">
                    {u.name}
                    {u.id === meId ? <span className="table__sub table__sub--inline"> (you)</span> : null}
                  </th>
                  <td>{u.email}</td>
                  <td>{u.role === "ADMIN" ? <Badge tone="info">Administrator</Badge> : "User"}</td>
                  <td>
                    <TimeAgo value={u.createdAt} />
                  </td>
                  <td className="table__actions">
                    <RowButton onClick={() => setAction({ kind: "role", user: u })} disabled={u.id === meId} aria-label={`Change role of ${u.email}`}>
                      Change role
                    </RowButton>
                    <RowButton onClick={() => setAction({ kind: "password", user: u })} aria-label={`Reset password of ${u.email}`}>
                      Reset password
                    </RowButton>
                    <RowButton danger onClick={() => setAction({ kind: "delete", user: u })} disabled={u.id === meId} aria-label={`Delete ${u.email}`}>
                      Delete
                    </RowButton>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </QueryStates>
      </Section>

      <Dialog open={action?.kind === "create"} onClose={close} title="Create user">
        {action?.kind === "create" ? <CreateUserForm onCancel={close} onDone={(u) => done(`Created ${u.email}.`)} /> : null}
      </Dialog>
      <Dialog open={action?.kind === "role"} onClose={close} title={action?.kind === "role" ? `Change role of ${action.user.email}` : "Change role"} size="small">
        {action?.kind === "role" ? <RoleForm user={action.user} onCancel={close} onDone={(u) => done(`${u.email} is now ${ROLE_TEXT[u.role]}.`)} /> : null}
      </Dialog>
      <Dialog open={action?.kind === "password"} onClose={close} title={action?.kind === "password" ? `Reset password of ${action.user.email}` : "Reset password"} size="small">
        {action?.kind === "password" ? <ResetPasswordForm user={action.user} onCancel={close} onDone={(u) => done(`The password of ${u.email} was reset. Their open sessions end.`)} /> : null}
      </Dialog>
      {action?.kind === "delete" ? <DeleteUser user={action.user} onCancel={close} onDone={() => done(`Deleted ${action.user.email}.`)} /> : null}
    </>
  );
}

function CreateUserForm({ onCancel, onDone }: { onCancel: () => void; onDone: (u: User) => void }) {
  const [form, setForm] = useState({ email: "", name: "", password: "", role: "USER" as GlobalRole });
  const create = useCreateUser();
  const errors = fieldErrorsOf(create.error);
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm({ ...form, [k]: e.target.value });
  return (
    <UserForm
      mutation={create}
      onSubmit={() => create.mutate(form, { onSuccess: onDone })}
      errorLabel="User could not be created"
      errorTestId="create-user-error"
      shownFields={["email", "name", "password", "role"]}
      onCancel={onCancel}
      pendingLabel="Creating…"
      submitLabel="Create user"
    >
      <Field label="Email" required error={errors.email}>
        {(a) => <input {...a} name="email" type="email" autoComplete="off" value={form.email} onChange={set("email")} autoFocus />}
      </Field>
      <Field label="Name" required error={errors.name}>
        {(a) => <input {...a} name="name" autoComplete="off" value={form.name} onChange={set("name")} />}
      </Field>
      <Field label="Password" required error={errors.password} hint="At least 10 characters. Share it with the user; they can change it on their Account page.">
        {(a) => <input {...a} name="password" type="password" autoComplete="new-password" value={form.password} onChange={set("password")} />}
      </Field>
      <Field label="Role" error={errors.role} hint="Administrators manage users and see every cluster.">
        {(a) => (
          <select {...a} name="role" value={form.role} onChange={set("role")}>
            <RoleOptions />
          </select>
        )}
      </Field>
    </UserForm>
  );
}

function RoleForm({ user, onCancel, onDone }: { user: User; onCancel: () => void; onDone: (u: User) => void }) {
  const [role, setRole] = useState<GlobalRole>(user.role);
  const update = useUpdateUser();
  const errors = fieldErrorsOf(update.error);
  return (
    <UserForm
      mutation={update}
      onSubmit={() => {
        if (role === user.role) return onCancel();
        update.mutate({ id: user.id, role }, { onSuccess: onDone });
      }}
      errorLabel="Role could not be changed"
      errorTestId="role-error"
      shownFields={["role"]}
      onCancel={onCancel}
      submitLabel="Save role"
    >
      <Field label="Role" error={errors.role}>
        {(a) => (
          <select {...a} name="role" value={role} onChange={(e) => setRole(e.target.value as GlobalRole)} autoFocus>
            <RoleOptions />
          </select>
        )}
      </Field>
    </UserForm>
  );
}

function ResetPasswordForm({ user, onCancel, onDone }: { user: User; onCancel: () => void; onDone: (u: User) => void }) {
  const [password, setPassword] = useState("");
  const update = useUpdateUser();
  const errors = fieldErrorsOf(update.error);
  return (
    <UserForm
      mutation={update}
      onSubmit={() => update.mutate({ id: user.id, password }, { onSuccess: onDone })}
      errorLabel="Password could not be reset"
      errorTestId="reset-error"
      shownFields={["password"]}
      onCancel={onCancel}
      submitLabel="Reset password"
    >
      <Field label="New password" required error={errors.password} hint="At least 10 characters. The user's open sessions end.">
        {(a) => <input {...a} name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />}
      </Field>
    </UserForm>
  );
}

/** A form of the Users dialogs: the request's problem on top, then the fields, then Cancel and submit. */
function UserForm({
  mutation,
  onSubmit,
  errorLabel,
  errorTestId,
  shownFields,
  onCancel,
  submitLabel,
  pendingLabel,
  children,
}: {
  mutation: { error: unknown; isPending: boolean };
  onSubmit: () => void;
  errorLabel: string;
  errorTestId: string;
  shownFields: string[];
  onCancel: () => void;
  submitLabel: string;
  pendingLabel?: string;
  children: React.ReactNode;
}) {
  return (
    <form
      className="stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <ProblemAlert error={mutation.error} label={errorLabel} testId={errorTestId} shownFields={shownFields} />
      {children}
      <DialogFormActions onCancel={onCancel} pending={mutation.isPending} pendingLabel={pendingLabel} submitLabel={submitLabel} />
    </form>
  );
}

/** The global roles, as options of a select. */
function RoleOptions() {
  return (
    <>
      {ROLE_ORDER.map((r) => (
        <option key={r} value={r}>
          {ROLE_TEXT[r]}
        </option>
      ))}
    </>
  );
}

function DeleteUser({ user, onCancel, onDone }: { user: User; onCancel: () => void; onDone: () => void }) {
  const remove = useDeleteUser();
  return (
    <DeleteDialog
      title={`Delete ${user.email}?`}
      confirmLabel="Delete user"
      errorLabel="User could not be deleted"
      errorTestId="delete-user-error"
      mutation={remove}
      variables={user.id}
      onCancel={onCancel}
      onDone={onDone}
    >
      <p>
        {user.name} loses access to the dashboard and all cluster memberships. This cannot be undone.
      </p>
    </DeleteDialog>
  );
}
