"use client";
import { useId, useState } from "react";
import { ApiError, errorMessage } from "@/components/api/client";
import { useClusterProfiles, useImportScan } from "@/components/api/scans";
import type { NodeRoleId } from "@/components/api/types";
import { Alert, FieldErrorList } from "@/components/ui/Alert";
import { Loading } from "@/components/ui/bits";
import { DialogFormActions } from "@/components/ui/Dialog";
import { Field } from "@/components/ui/Field";

interface FileEntry {
  key: string;
  fileName: string;
  name: string;
  roles: NodeRoleId[];
  output: string;
}

const ROLES: NodeRoleId[] = ["controlplane", "etcd", "worker"];

/** A node name from a file name ("node-1.json" → "node-1") and roles guessed from it (worker when unsure). */
function guessNode(fileName: string): { name: string; roles: NodeRoleId[] } {
  const name = fileName.replace(/\.(json|txt|log)$/i, "").replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 253) || "node";
  const lower = name.toLowerCase();
  const roles: NodeRoleId[] = [];
  if (/master|control|cp\b/.test(lower)) roles.push("controlplane");
  if (/etcd/.test(lower)) roles.push("etcd");
  if (/worker|node/.test(lower) && !roles.length) roles.push("worker");
  return { name, roles: roles.length ? roles : ["worker"] };
}

/** Import results: kube-bench JSON files run elsewhere, one per node, each with its node name and roles. */
export function ImportForm({ clusterId, onCancel, onDone }: { clusterId: string; onCancel: () => void; onDone: (scan: { id: string; name: string }) => void }) {
  const profiles = useClusterProfiles(clusterId);
  const [profileId, setProfileId] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [files, setFiles] = useState<FileEntry[]>([]);
  const [readError, setReadError] = useState<string | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const imp = useImportScan(clusterId);
  const fileInputId = useId();

  const serverErrors = imp.error instanceof ApiError ? (imp.error.problem.errors ?? []) : [];
  const errorFor = (i: number, field: string) => serverErrors.find((e) => e.field === `nodes.${i}.${field}`)?.message;
  const otherErrors = serverErrors.filter((e) => !/^nodes\.\d+\./.test(e.field));
  const list = profiles.data ?? [];
  const chosen = profileId ?? list.find((p) => p.fits)?.id ?? list[0]?.id ?? "";

  const addFiles = async (picked: FileList | null) => {
    if (!picked?.length) return;
    setReadError(null);
    try {
      const added = await Promise.all(
        [...picked].map(async (f, i) => ({ key: `${Date.now()}-${i}-${f.name}`, fileName: f.name, output: await f.text(), ...guessNode(f.name) })),
      );
      setFiles((prev) => [...prev, ...added]);
      imp.reset();
    } catch (err) {
      setReadError(`A file could not be read: ${errorMessage(err)}`);
    }
  };
  const update = (key: string, patch: Partial<FileEntry>) => setFiles((prev) => prev.map((f) => (f.key === key ? { ...f, ...patch } : f)));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setLocalError(null);
    if (!files.length) return setLocalError("Add at least one kube-bench JSON file.");
    if (files.some((f) => !f.roles.length)) return setLocalError("Every node needs at least one role.");
    imp.mutate(
      { profileId: chosen, ...(name.trim() ? { name: name.trim() } : {}), nodes: files.map((f) => ({ name: f.name.trim(), roles: f.roles, fileName: f.fileName, output: f.output })) },
      { onSuccess: onDone },
    );
  };

  if (profiles.error) return <Alert label="Profiles could not be loaded">{errorMessage(profiles.error)}</Alert>;
  if (profiles.isPending) return <Loading label="Loading profiles…" />;

  return (
    <form className="stack" noValidate onSubmit={submit} aria-label="Import results">
      {imp.error ? (
        <Alert label="Results could not be imported" testId="import-error" title="Nothing was imported">
          <p>{serverErrors.length ? "Fix the files marked below and try again." : errorMessage(imp.error)}</p>
          {otherErrors.length ? <FieldErrorList errors={otherErrors} /> : null}
        </Alert>
      ) : null}
      {localError ? <Alert label="Import form error">{localError}</Alert> : null}
      <Field label="Profile" hint="The skips of this profile and the benchmark's not-applicable tests are applied to the results.">
        {(a) => (
          <select {...a} value={chosen} onChange={(e) => setProfileId(e.target.value)} autoFocus>
            {list.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.fits ? "" : " — not for this cluster"}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Report name" hint="Optional. Default: import-<date>-<time>.">
        {(a) => <input {...a} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <div className="field">
        <span className="field__label" id={`${fileInputId}-label`}>
          kube-bench output files
        </span>
        <p className="field__hint" id={`${fileInputId}-hint`}>
          One JSON file per node (<code className="mono">kube-bench run --json</code>). Check each node&apos;s name and roles.
        </p>
        <div className="file-input">
          <input
            id={fileInputId}
            type="file"
            multiple
            accept=".json,application/json,.txt"
            className="visually-hidden-file"
            aria-describedby={`${fileInputId}-hint`}
            onChange={(e) => {
              void addFiles(e.target.files);
              e.target.value = "";
            }}
          />
          <label htmlFor={fileInputId} className="button">
            Add files…
          </label>
          <span className="muted">{files.length ? `${files.length} file${files.length === 1 ? "" : "s"} added` : "No files yet"}</span>
        </div>
        {readError ? <p className="field__error">{readError}</p> : null}
      </div>
      {files.length ? (
        <ul className="import-files" aria-label="Files to import">
          {files.map((f, i) => {
            const outputError = errorFor(i, "output");
            return (
              <li key={f.key} className={`import-file${outputError || errorFor(i, "name") || errorFor(i, "roles") ? " import-file--invalid" : ""}`} aria-label={f.fileName}>
                <div className="import-file__head">
                  <span className="mono wrap import-file__name">{f.fileName}</span>
                  <span className="muted">{Math.max(1, Math.round(f.output.length / 1024))} KiB</span>
                  <button type="button" className="button button--small button--ghost" onClick={() => setFiles((prev) => prev.filter((x) => x.key !== f.key))} aria-label={`Remove ${f.fileName}`}>
                    Remove
                  </button>
                </div>
                {outputError ? (
                  <p className="field__error" data-testid="import-file-error">
                    {outputError}
                  </p>
                ) : null}
                <div className="import-file__fields">
                  <Field label="Node name" error={errorFor(i, "name")}>
                    {(a) => <input {...a} value={f.name} onChange={(e) => update(f.key, { name: e.target.value })} />}
                  </Field>
                  <fieldset className="import-file__roles" aria-invalid={f.roles.length === 0 || Boolean(errorFor(i, "roles")) || undefined}>
                    <legend className="field__label">Roles</legend>
                    <div className="row">
                      {ROLES.map((r) => (
                        <label key={r} className="checkbox">
                          <input
                            type="checkbox"
                            checked={f.roles.includes(r)}
                            onChange={(e) => update(f.key, { roles: e.target.checked ? ROLES.filter((x) => x === r || f.roles.includes(x)) : f.roles.filter((x) => x !== r) })}
                          />
                          {r}
                        </label>
                      ))}
                    </div>
                    {errorFor(i, "roles") ? <p className="field__error">{errorFor(i, "roles")}</p> : null}
                  </fieldset>
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
      <DialogFormActions onCancel={onCancel} pending={imp.isPending} pendingLabel="Importing…" submitLabel="Import" />
    </form>
  );
}
