"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useCreateCluster } from "@/components/api/clusters";
import { Breadcrumbs, PageHeader } from "@/components/shell/PageHeader";
import { Alert, ProblemAlert, fieldErrorsOf } from "@/components/ui/Alert";
import { Field, SubmitButton } from "@/components/ui/Field";
import { ContextSelect, TestConnectionButton, useConnectionTest } from "./ConnectionTest";
import { KubeconfigInput } from "./KubeconfigInput";
import { ProbeSummary } from "./ProbeSummary";

type Auth = "KUBECONFIG" | "IN_CLUSTER";

export function AddClusterForm({ inClusterAvailable }: { inClusterAvailable: boolean }) {
  const router = useRouter();
  const [auth, setAuth] = useState<Auth>("KUBECONFIG");
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [kubeconfig, setKubeconfig] = useState("");
  const create = useCreateCluster();
  const { inspect, inspection, contextName, run: runTest, chooseContext } = useConnectionTest(kubeconfig, { onStart: () => create.reset(), clearOnError: true });
  const contexts = inspection?.contexts ?? [];

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    inspect.reset();
    const body =
      auth === "IN_CLUSTER" ? { auth, name, description } : { auth, name, description, kubeconfig, contextName: inspection ? contextName : undefined };
    create.mutate(body, { onSuccess: (cluster) => router.push(`/clusters/${cluster.id}`) });
  }

  // Save errors show next to their fields; a failed connection test shows under its button.
  const errors: Record<string, string | undefined> = { contextName: fieldErrorsOf(inspect.error).contextName, ...fieldErrorsOf(create.error) };

  return (
    <>
      <PageHeader
        title="Add cluster"
        description="Register a Kubernetes cluster to run CIS scans on it. You become its Owner."
        breadcrumbs={<Breadcrumbs items={[{ href: "/clusters", label: "Clusters" }, { label: "Add cluster" }]} />}
      />
      <form className="card stack form" onSubmit={onSubmit} noValidate>
        <Field label="Name" required error={errors.name} hint="Letters, digits, spaces and . _ ( ) -">
          {(a) => <input {...a} name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} autoComplete="off" required />}
        </Field>
        <Field label="Description" error={errors.description}>
          {(a) => <textarea {...a} name="description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} />}
        </Field>

        <fieldset className="fieldset">
          <legend>Connect with</legend>
          <div className="choice-list">
            <label className="choice">
              <input type="radio" name="auth" value="KUBECONFIG" checked={auth === "KUBECONFIG"} onChange={() => setAuth("KUBECONFIG")} />
              <span>
                <span className="choice__label">A kubeconfig</span>
                <span className="choice__hint">Paste or upload a kubeconfig with a token or client certificate.</span>
              </span>
            </label>
            <label className={`choice${inClusterAvailable ? "" : " choice--disabled"}`}>
              <input
                type="radio"
                name="auth"
                value="IN_CLUSTER"
                checked={auth === "IN_CLUSTER"}
                disabled={!inClusterAvailable}
                onChange={() => setAuth("IN_CLUSTER")}
                aria-describedby="in-cluster-hint"
              />
              <span>
                <span className="choice__label">This dashboard&apos;s own cluster (in-cluster service account)</span>
                <span className="choice__hint" id="in-cluster-hint">
                  {inClusterAvailable
                    ? "The dashboard runs inside a Kubernetes cluster and can use its service account."
                    : "Not available: the dashboard is not running inside a Kubernetes cluster."}
                </span>
              </span>
            </label>
          </div>
          {errors.auth ? <p className="field__error">{errors.auth}</p> : null}
        </fieldset>

        {auth === "KUBECONFIG" ? (
          <section className="stack" aria-labelledby="kubeconfig-heading">
            <h2 id="kubeconfig-heading" className="section-title">
              Kubeconfig
            </h2>
            <KubeconfigInput value={kubeconfig} onChange={setKubeconfig} error={errors.kubeconfig} required />
            {contexts.length > 1 ? (
              <ContextSelect
                contexts={contexts}
                value={contextName}
                onChange={chooseContext}
                error={errors.contextName}
                hint="This kubeconfig has several contexts. The chosen one is tested and saved."
                name="contextName"
              />
            ) : errors.contextName ? (
              <p className="field__error">{errors.contextName}</p>
            ) : null}
            <TestConnectionButton pending={inspect.isPending} disabled={!kubeconfig.trim()} onClick={() => runTest(contextName)} status />
            <ProblemAlert error={inspect.error} label="Connection test failed" testId="test-error" shownFields={[]} />
            {inspection ? (
              <div className="probe-result" data-testid="probe-result">
                <Alert label="Connection test result" tone="success" title={`Connected to ${inspection.contexts.find((c) => c.name === inspection.context)?.server ?? "the cluster"}`}>
                  <p>
                    Context <strong>{inspection.context}</strong>
                  </p>
                </Alert>
                <ProbeSummary version={inspection.probe.version} provider={inspection.probe.provider} nodes={inspection.probe.nodes} testId="probe-facts" />
              </div>
            ) : null}
          </section>
        ) : null}

        <ProblemAlert error={create.error} label="Cluster could not be saved" testId="save-error" />
        <div className="form__actions">
          <Link href="/clusters" className="button">
            Cancel
          </Link>
          <SubmitButton pending={create.isPending} pendingLabel="Saving…">
            Save
          </SubmitButton>
        </div>
      </form>
    </>
  );
}
