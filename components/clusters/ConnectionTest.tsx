"use client";
import { useState } from "react";
import { useInspectKubeconfig } from "@/components/api/clusters";
import type { Inspection } from "@/components/api/types";
import { Field } from "@/components/ui/Field";

/**
 * "Test connection" of a kubeconfig being entered: the inspection (valid for exactly the kubeconfig text it tested)
 * and the context to use, which a successful test sets to the one it connected with.
 */
export function useConnectionTest(kubeconfig: string, { initialContext, onStart, clearOnError = false }: { initialContext?: string; onStart?: () => void; clearOnError?: boolean } = {}) {
  const inspect = useInspectKubeconfig();
  const [contextName, setContextName] = useState(initialContext);
  const [tested, setTested] = useState<{ kubeconfig: string; result: Inspection } | null>(null);
  const inspection = tested && tested.kubeconfig === kubeconfig ? tested.result : null;

  function run(ctx?: string) {
    onStart?.();
    const text = kubeconfig;
    inspect.mutate(
      { kubeconfig: text, contextName: ctx },
      {
        onSuccess: (result) => {
          setTested({ kubeconfig: text, result });
          setContextName(result.context);
        },
        onError: clearOnError ? () => setTested(null) : undefined,
      },
    );
  }

  /** Chooses another context of the tested kubeconfig and tests it. */
  function chooseContext(ctx: string) {
    setContextName(ctx);
    run(ctx);
  }

  return { inspect, inspection, contextName, setContextName, run, chooseContext };
}

/** The contexts of a tested kubeconfig: choosing one tests it. */
export function ContextSelect({
  contexts,
  value,
  onChange,
  error,
  hint,
  name,
}: {
  contexts: Inspection["contexts"];
  value: string | undefined;
  onChange: (ctx: string) => void;
  error?: string;
  hint?: string;
  name?: string;
}) {
  return (
    <Field label="Context" error={error} hint={hint}>
      {(a) => (
        <select {...a} name={name} value={value} onChange={(e) => onChange(e.target.value)}>
          {contexts.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name} ({c.server})
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The "Test connection" button; with `status`, a polite message while it connects. */
export function TestConnectionButton({ pending, disabled, onClick, status }: { pending: boolean; disabled: boolean; onClick: () => void; status?: boolean }) {
  return (
    <div className="row">
      <button type="button" className="button" onClick={onClick} disabled={pending || disabled}>
        {pending ? "Testing…" : "Test connection"}
      </button>
      {status && pending ? (
        <span className="muted" role="status">
          Connecting to the cluster…
        </span>
      ) : null}
    </div>
  );
}
