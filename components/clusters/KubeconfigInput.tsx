"use client";
import { useId, useState } from "react";
import { Field } from "@/components/ui/Field";

export const MAX_KUBECONFIG_BYTES = 256 * 1024;

interface Props {
  value: string;
  onChange: (value: string) => void;
  error?: string;
  label?: string;
  required?: boolean;
}

/** A kubeconfig pasted into a textarea, or read client-side from a file (at most 256 KiB). */
export function KubeconfigInput({ value, onChange, error, label = "Kubeconfig", required }: Props) {
  const [fileError, setFileError] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const fileId = useId();
  const fileHintId = useId();

  async function onFile(e: React.ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = "";
    setFileError(null);
    if (!file) return;
    if (file.size > MAX_KUBECONFIG_BYTES) {
      setFileError(`${file.name} is ${Math.ceil(file.size / 1024)} KiB; a kubeconfig may be at most 256 KiB.`);
      return;
    }
    try {
      onChange(await file.text());
      setFileName(file.name);
    } catch {
      setFileError(`${file.name} could not be read.`);
    }
  }

  return (
    <div className="kubeconfig">
      <Field
        label={label}
        required={required}
        error={error}
        hint="Paste the YAML, or load it from a file. It is stored encrypted and never shown again. Exec plugins and file references are not accepted: use a token or client certificate data."
      >
        {(a) => (
          <textarea
            {...a}
            name="kubeconfig"
            className="mono"
            rows={12}
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            value={value}
            onChange={(e) => {
              setFileName(null);
              onChange(e.target.value);
            }}
            placeholder={"apiVersion: v1\nkind: Config\nclusters: …"}
          />
        )}
      </Field>
      <div className={`file-input${fileError ? " field--invalid" : ""}`}>
        <input
          id={fileId}
          type="file"
          className="visually-hidden-file"
          accept=".yaml,.yml,.conf,.config,.kubeconfig,text/plain,application/x-yaml,application/yaml"
          aria-describedby={fileHintId}
          onChange={onFile}
        />
        <label htmlFor={fileId} className="button button--small">
          Upload a file…
        </label>
        <span id={fileHintId} className="field__hint">
          {fileName ? `Loaded ${fileName}.` : "Up to 256 KiB."}
        </span>
        {fileError ? (
          <p className="field__error" role="alert" aria-label="File error" data-testid="kubeconfig-file-error">
            {fileError}
          </p>
        ) : null}
      </div>
    </div>
  );
}
