"use client";
import { useState } from "react";
import { useUpdateCluster, type ClusterPatch } from "@/components/api/clusters";
import type { Cluster } from "@/components/api/types";
import { ProblemAlert, fieldErrorsOf } from "@/components/ui/Alert";
import { Dialog, DialogFormActions } from "@/components/ui/Dialog";
import { Field } from "@/components/ui/Field";
import { ContextSelect, TestConnectionButton, useConnectionTest } from "./ConnectionTest";
import { KubeconfigInput } from "./KubeconfigInput";
import { ProbeSummary } from "./ProbeSummary";

export function EditClusterDialog({ cluster, open, onClose }: { cluster: Cluster; open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title={`Edit ${cluster.name}`} size="large">
      {open ? <EditClusterForm cluster={cluster} onDone={onClose} /> : null}
    </Dialog>
  );
}

function EditClusterForm({ cluster, onDone }: { cluster: Cluster; onDone: () => void }) {
  const [name, setName] = useState(cluster.name);
  const [description, setDescription] = useState(cluster.description);
  const [replace, setReplace] = useState(false);
  const [kubeconfig, setKubeconfig] = useState("");
  const update = useUpdateCluster(cluster.id);
  const test = useConnectionTest(kubeconfig, { initialContext: cluster.contextName ?? "" });
  const { inspect, contextName, setContextName } = test;
  const inspection = replace ? test.inspection : null;

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const patch: ClusterPatch = {};
    if (name !== cluster.name) patch.name = name;
    if (description !== cluster.description) patch.description = description;
    if (cluster.auth === "KUBECONFIG") {
      if (replace && kubeconfig) {
        patch.kubeconfig = kubeconfig;
        if (contextName) patch.contextName = contextName;
      } else if (contextName && contextName !== cluster.contextName) {
        patch.contextName = contextName;
      }
    }
    if (!Object.keys(patch).length) return onDone();
    update.mutate(patch, { onSuccess: onDone });
  }

  const errors: Record<string, string | undefined> = { contextName: fieldErrorsOf(inspect.error).contextName, ...fieldErrorsOf(update.error) };
  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <Field label="Name" required error={errors.name}>
        {(a) => <input {...a} name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />}
      </Field>
      <Field label="Description" error={errors.description}>
        {(a) => <textarea {...a} name="description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} />}
      </Field>
      {cluster.auth === "KUBECONFIG" ? (
        <>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={replace}
              onChange={(e) => {
                setReplace(e.target.checked);
                if (!e.target.checked) setContextName(cluster.contextName ?? "");
              }}
            />
            Replace the kubeconfig
          </label>
          {replace ? (
            <>
              <KubeconfigInput value={kubeconfig} onChange={setKubeconfig} error={errors.kubeconfig} label="New kubeconfig" />
              {inspection && inspection.contexts.length > 1 ? (
                <ContextSelect contexts={inspection.contexts} value={contextName} onChange={test.chooseContext} error={errors.contextName} />
              ) : null}
              <TestConnectionButton pending={inspect.isPending} disabled={!kubeconfig.trim()} onClick={() => test.run()} />
              <ProblemAlert error={inspect.error} label="Connection test failed" testId="edit-test-error" />
              {inspection ? <ProbeSummary version={inspection.probe.version} provider={inspection.probe.provider} nodes={inspection.probe.nodes} testId="probe-facts" /> : null}
            </>
          ) : (
            <Field label="Context" error={errors.contextName} hint="The context of the stored kubeconfig to use. Changing it tests the connection again.">
              {(a) => <input {...a} name="contextName" className="mono" value={contextName ?? ""} onChange={(e) => setContextName(e.target.value)} autoComplete="off" />}
            </Field>
          )}
        </>
      ) : null}
      <ProblemAlert error={update.error} label="Cluster could not be saved" testId="edit-error" />
      <DialogFormActions onCancel={onDone} pending={update.isPending} submitLabel="Save changes" />
    </form>
  );
}
