"use client";
import { useEffect, useId, useRef } from "react";
import { ErrorAlert } from "./Alert";
import { SubmitButton } from "./Field";

interface Props {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: React.ReactNode;
  children: React.ReactNode;
  size?: "small" | "medium" | "large";
}

/**
 * A modal dialog on the native <dialog> element: the rest of the page is inert while it is open, Escape
 * closes it, and focus returns to the control that opened it.
 */
export function Dialog({ open, onClose, title, description, children, size = "medium" }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descId = useId();
  const opener = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement as HTMLElement | null;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  // Unmounted while open (its owner went away): give focus back rather than leaving it on <body>.
  useEffect(() => {
    const dialog = ref.current;
    return () => {
      if (dialog?.open) opener.current?.focus?.();
    };
  }, []);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const handleClose = () => {
      onClose();
      opener.current?.focus?.();
    };
    dialog.addEventListener("close", handleClose);
    return () => dialog.removeEventListener("close", handleClose);
  }, [onClose]);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog--${size}`}
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (e.target === ref.current) ref.current?.close();
      }}
    >
      {open ? (
        <div className="dialog__content">
          <header className="dialog__header">
            <h2 id={titleId} className="dialog__title">
              {title}
            </h2>
            <button type="button" className="button button--ghost button--icon" aria-label="Close" onClick={() => ref.current?.close()}>
              <span aria-hidden="true">×</span>
            </button>
          </header>
          {description ? (
            <div id={descId} className="dialog__description">
              {description}
            </div>
          ) : null}
          {children}
        </div>
      ) : null}
    </dialog>
  );
}

interface ConfirmProps {
  open: boolean;
  onClose: () => void;
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  pending?: boolean;
  error?: React.ReactNode;
  danger?: boolean;
}

export function ConfirmDialog({ open, onClose, title, children, confirmLabel, onConfirm, pending, error, danger = true }: ConfirmProps) {
  return (
    <Dialog open={open} onClose={onClose} title={title} description={children} size="small">
      {error}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button type="button" className={`button ${danger ? "button--danger" : "button--primary"}`} onClick={onConfirm} disabled={pending}>
          {pending ? "Working…" : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

/** The footer of a form in a dialog: Cancel, and the submit button. */
export function DialogFormActions({
  onCancel,
  submitLabel,
  pending,
  pendingLabel = "Saving…",
  disabled,
}: {
  onCancel: () => void;
  submitLabel: React.ReactNode;
  pending: boolean;
  pendingLabel?: string;
  disabled?: boolean;
}) {
  return (
    <div className="dialog__actions">
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <SubmitButton pending={pending} pendingLabel={pendingLabel} disabled={disabled}>
        {submitLabel}
      </SubmitButton>
    </div>
  );
}

interface DeleteMutation<V> {
  isPending: boolean;
  error: unknown;
  mutate: (variables: V, options: { onSuccess: () => void }) => void;
}

/** The confirmation before deleting one thing: confirming runs the mutation; its error shows in the dialog. */
export function DeleteDialog<V>({
  title,
  confirmLabel,
  errorLabel,
  errorTestId,
  mutation,
  variables,
  onCancel,
  onDone,
  children,
}: {
  title: string;
  confirmLabel: string;
  errorLabel: string;
  errorTestId?: string;
  mutation: DeleteMutation<V>;
  variables: V;
  onCancel: () => void;
  onDone: () => void;
  children: React.ReactNode;
}) {
  return (
    <ConfirmDialog
      open
      onClose={onCancel}
      title={title}
      confirmLabel={confirmLabel}
      pending={mutation.isPending}
      onConfirm={() => mutation.mutate(variables, { onSuccess: onDone })}
      error={<ErrorAlert error={mutation.error} label={errorLabel} testId={errorTestId} />}
    >
      {children}
    </ConfirmDialog>
  );
}
