import { ApiError, errorMessage } from "@/components/api/client";

interface Props {
  /** Accessible name of the alert, distinct from Next's route announcer. */
  label: string;
  testId?: string;
  tone?: "error" | "success" | "info" | "warning";
  title?: string;
  children: React.ReactNode;
}

/** A message region. Errors are announced (role="alert"); other tones are polite status messages. */
export function Alert({ label, testId, tone = "error", title, children }: Props) {
  const live = tone === "error" ? { role: "alert" } : { role: "status" };
  return (
    <div {...live} aria-label={label} data-testid={testId} className={`alert alert--${tone}`}>
      {title ? <p className="alert__title">{title}</p> : null}
      <div className="alert__body">{children}</div>
    </div>
  );
}

/** The message of a failed query or request (nothing when there is no error). */
export function ErrorAlert({ error, label, testId }: { error: unknown; label: string; testId?: string }) {
  if (!error) return null;
  return (
    <Alert label={label} testId={testId}>
      {errorMessage(error)}
    </Alert>
  );
}

/** A polite success message, such as what an action just did (nothing when there is no text). */
export function Notice({ text, label, testId }: { text: string | null | undefined; label: string; testId?: string }) {
  if (!text) return null;
  return (
    <Alert label={label} tone="success" testId={testId}>
      <p>{text}</p>
    </Alert>
  );
}

/**
 * The problem of a failed request: its detail, plus the field errors that have no input of their own
 * on this form (`shownFields` lists the fields displayed next to inputs).
 */
export function ProblemAlert({ error, label, testId = "form-error", shownFields = [] }: { error: unknown; label: string; testId?: string; shownFields?: string[] }) {
  if (!error) return null;
  const fieldErrors = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  const others = fieldErrors.filter((e) => !shownFields.includes(e.field));
  // When every problem is already shown next to its field, the summary only points there.
  const message = fieldErrors.length && !others.length ? "Check the highlighted fields." : errorMessage(error);
  return (
    <Alert label={label} testId={testId}>
      <p>{message}</p>
      {others.length > 1 ? <FieldErrorList errors={others} /> : null}
    </Alert>
  );
}

/** Field errors of a request as a list of "field: message" lines. */
export function FieldErrorList({ errors }: { errors: { field: string; message: string }[] }) {
  return (
    <ul>
      {errors.map((e) => (
        <li key={e.field + e.message}>
          {e.field}: {e.message}
        </li>
      ))}
    </ul>
  );
}

/** Field errors of a failed request, keyed by field name. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  return error instanceof ApiError ? error.fieldErrors : {};
}
