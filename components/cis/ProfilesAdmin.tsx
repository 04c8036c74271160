"use client";
import { useState } from "react";
import { useBenchmarks, useDeleteProfile, useProfiles, useSaveProfile, type ProfileInput } from "@/components/api/profiles";
import type { ScanProfile } from "@/components/api/types";
import { AdminHeader } from "@/components/admin/AdminNav";
import { Notice, ProblemAlert, fieldErrorsOf } from "@/components/ui/Alert";
import { Badge, EmptyState, RowButton, Section } from "@/components/ui/bits";
import { ACTIONS_COLUMN, DataTable, QueryStates } from "@/components/ui/DataTable";
import { DeleteDialog, Dialog, DialogFormActions } from "@/components/ui/Dialog";
import { Field } from "@/components/ui/Field";
import { useListActions } from "@/components/ui/useListActions";
import { SkipList } from "./format";

type Action = { kind: "create" } | { kind: "edit" | "delete"; profile: ScanProfile } | null;

/** Administration > Scan profiles: built-in and custom profiles with their skip lists. */
export function ProfilesAdmin() {
  const profiles = useProfiles();
  const { action, setAction, notice, close, done } = useListActions<Action>();

  return (
    <>
      <AdminHeader description="Users of the dashboard, who can access which cluster, and the profiles scans use.">
        <button type="button" className="button button--primary" onClick={() => setAction({ kind: "create" })}>
          Create profile
        </button>
      </AdminHeader>
      <Section
        id="profiles-heading"
        title="Scan profiles"
        description={
          <>
            A profile is a benchmark version and the tests it skips, each with a reason. Every profile also leaves out the benchmark&apos;s not-applicable tests. Built-in
            profiles cannot be changed; create your own for other needs.
          </>
        }
      >
        <Notice text={notice} label="Profiles notice" testId="profiles-notice" />
        <QueryStates query={profiles} errorLabel="Profiles could not be loaded" loadingLabel="Loading profiles…" empty={<EmptyState title="No profiles" />}>
          {(list) => (
            <DataTable label="Scan profiles" columns={["Name", "Benchmark", "Skipped tests", ACTIONS_COLUMN]}>
              {list.map((p) => (
                <tr key={p.id}>
                  <th scope="row" className="table__name">
                    {p.name} {p.builtIn ? <Badge>built-in</Badge> : <Badge tone="info">custom</Badge>}
                    {p.description ? <span className="table__sub">{p.description}</span> : null}
                  </th>
                  <td className="mono nowrap">{p.benchmarkId}</td>
                  <td className="profile-skips">
                    {p.skips.length ? (
                      <details>
                        <summary>{p.skips.length === 1 ? "1 test" : `${p.skips.length} tests`}</summary>
                        <SkipList skips={p.skips} className="skip-list skip-list--compact" />
                      </details>
                    ) : (
                      <span className="muted">None (only not-applicable tests)</span>
                    )}
                  </td>
                  <td className="table__actions">
                    {p.builtIn ? null : (
                      <>
                        <RowButton onClick={() => setAction({ kind: "edit", profile: p })} aria-label={`Edit ${p.name}`}>
                          Edit
                        </RowButton>
                        <RowButton danger onClick={() => setAction({ kind: "delete", profile: p })} aria-label={`Delete ${p.name}`}>
                          Delete
                        </RowButton>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </QueryStates>
      </Section>

      <Dialog open={action?.kind === "create" || action?.kind === "edit"} onClose={close} title={action?.kind === "edit" ? `Edit ${action.profile.name}` : "Create profile"} size="large">
        {action?.kind === "create" ? <ProfileForm onCancel={close} onDone={(p) => done(`Created ${p.name}.`)} /> : null}
        {action?.kind === "edit" ? <ProfileForm profile={action.profile} onCancel={close} onDone={(p) => done(`Saved ${p.name}.`)} /> : null}
      </Dialog>
      {action?.kind === "delete" ? <DeleteProfile profile={action.profile} onCancel={close} onDone={() => done(`Deleted ${action.profile.name}.`)} /> : null}
    </>
  );
}

interface SkipRow {
  key: number;
  id: string;
  reason: string;
}

let nextKey = 1;

function ProfileForm({ profile, onCancel, onDone }: { profile?: ScanProfile; onCancel: () => void; onDone: (p: ScanProfile) => void }) {
  const benchmarks = useBenchmarks();
  const save = useSaveProfile();
  const [name, setName] = useState(profile?.name ?? "");
  const [benchmarkId, setBenchmarkId] = useState(profile?.benchmarkId ?? "");
  const [description, setDescription] = useState(profile?.description ?? "");
  const [skips, setSkips] = useState<SkipRow[]>(() => (profile?.skips ?? []).map((s) => ({ key: nextKey++, ...s })));
  const errors = fieldErrorsOf(save.error);
  const chosenBenchmark = benchmarkId || benchmarks.data?.[0]?.id || "";
  const skipError = (i: number, f: "id" | "reason") => errors[`skips.${i}.${f}`];
  const shown = ["name", "benchmarkId", "description", ...skips.flatMap((_, i) => [`skips.${i}.id`, `skips.${i}.reason`])];

  const update = (key: number, patch: Partial<SkipRow>) => setSkips((rows) => rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const input: ProfileInput = { name, benchmarkId: chosenBenchmark, description, skips: skips.map(({ id, reason }) => ({ id: id.trim(), reason: reason.trim() })) };
    save.mutate({ ...input, id: profile?.id }, { onSuccess: onDone });
  };

  return (
    <form className="stack" noValidate onSubmit={submit}>
      <ProblemAlert error={save.error} label="Profile could not be saved" testId="profile-error" shownFields={shown} />
      <Field label="Name" required error={errors.name}>
        {(a) => <input {...a} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} autoFocus />}
      </Field>
      <Field label="Benchmark" required error={errors.benchmarkId}>
        {(a) => (
          <select {...a} value={chosenBenchmark} onChange={(e) => setBenchmarkId(e.target.value)} disabled={!benchmarks.data}>
            {(benchmarks.data ?? []).map((b) => (
              <option key={b.id} value={b.id}>
                {b.title} ({b.id})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Description" error={errors.description}>
        {(a) => <textarea {...a} rows={2} maxLength={1000} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <fieldset className="fieldset">
        <legend>Skipped tests</legend>
        <p className="field__hint">Tests this profile skips, each with the reason shown before a scan and in its report.</p>
        {errors.skips ? <p className="field__error">{errors.skips}</p> : null}
        {skips.length ? (
          <ul className="skip-editor" aria-label="Skipped tests">
            {skips.map((s, i) => (
              <li key={s.key} className="skip-editor__row">
                <Field label={`Test id ${i + 1}`} error={skipError(i, "id")} className="skip-editor__id">
                  {(a) => <input {...a} className="mono" value={s.id} placeholder="1.1.11" onChange={(e) => update(s.key, { id: e.target.value })} />}
                </Field>
                <Field label={`Reason ${i + 1}`} error={skipError(i, "reason")} className="skip-editor__reason">
                  {(a) => <input {...a} value={s.reason} maxLength={500} onChange={(e) => update(s.key, { reason: e.target.value })} />}
                </Field>
                <button type="button" className="button button--small button--ghost skip-editor__remove" onClick={() => setSkips((rows) => rows.filter((r) => r.key !== s.key))} aria-label={`Remove test ${s.id || i + 1}`}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No tests skipped besides the not-applicable ones.</p>
        )}
        <button type="button" className="button button--small" onClick={() => setSkips((rows) => [...rows, { key: nextKey++, id: "", reason: "" }])}>
          Add a test
        </button>
      </fieldset>
      <DialogFormActions onCancel={onCancel} pending={save.isPending} submitLabel={profile ? "Save profile" : "Create profile"} />
    </form>
  );
}

function DeleteProfile({ profile, onCancel, onDone }: { profile: ScanProfile; onCancel: () => void; onDone: () => void }) {
  const del = useDeleteProfile();
  return (
    <DeleteDialog
      title={`Delete ${profile.name}?`}
      confirmLabel="Delete profile"
      errorLabel="Profile could not be deleted"
      mutation={del}
      variables={profile.id}
      onCancel={onCancel}
      onDone={onDone}
    >
      <p>Reports made with it keep their results and its name. New scans can no longer use it.</p>
    </DeleteDialog>
  );
}
