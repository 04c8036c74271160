"use client";
import { useId } from "react";

export interface FieldA11y {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
  "aria-required"?: true;
}

interface Props {
  label: React.ReactNode;
  /** Shown under the label, linked with aria-describedby. */
  hint?: React.ReactNode;
  /** The server's (or the form's) message for this field. */
  error?: string;
  required?: boolean;
  className?: string;
  children: (a11y: FieldA11y) => React.ReactNode;
}

/** A labelled form control with its hint and error, wired for assistive technology. */
export function Field({ label, hint, error, required, className, children }: Props) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field--invalid" : ""}${className ? ` ${className}` : ""}`}>
      <div className="field__head">
        <label htmlFor={id} className="field__label">
          {label}
        </label>
        {/* Outside the label so the field's name stays its label; the control carries aria-required. */}
        {required ? (
          <span className="field__required" aria-hidden="true">
            (required)
          </span>
        ) : null}
      </div>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      {children({ id, "aria-describedby": describedBy, ...(error ? { "aria-invalid": true as const } : {}), ...(required ? { "aria-required": true as const } : {}) })}
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A form's submit button: disabled, with a progress label, while the request runs. */
export function SubmitButton({
  pending,
  pendingLabel,
  disabled,
  className = "button button--primary",
  children,
}: {
  pending: boolean;
  pendingLabel: string;
  disabled?: boolean;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <button type="submit" className={className} disabled={disabled || pending}>
      {pending ? pendingLabel : children}
    </button>
  );
}
