"use client";
import Link from "next/link";
import { useState } from "react";
import { errorMessage } from "@/components/api/client";
import {
  EVENT_LABELS,
  SEVERITY_LABELS,
  useCreateAlertRule,
  useUpdateAlertRule,
  type AlertEvent,
  type AlertRule,
  type Severity,
} from "@/components/api/alerts";
import { NOTIFIER_TYPE_LABELS, useNotifiers } from "@/components/api/notifiers";
import { Alert, ProblemAlert, fieldErrorsOf } from "@/components/ui/Alert";
import { Loading } from "@/components/ui/bits";
import { DialogFormActions } from "@/components/ui/Dialog";
import { Field } from "@/components/ui/Field";

const EVENTS = Object.keys(EVENT_LABELS) as AlertEvent[];
const SEVERITIES = Object.keys(SEVERITY_LABELS) as Severity[];
const SHOWN = ["name", "event", "severity", "notifierIds", "minIntervalSeconds", "active"];

/** Add Alert (the seeds' form: name, Is, Send a, notifiers) or edit an alert (notifiers, severity, minimum interval). */
export function AlertRuleForm({
  clusterId,
  rule,
  activate,
  isAdmin,
  onCancel,
  onDone,
}: {
  clusterId: string;
  /** The alert to edit; none to add one. */
  rule?: AlertRule;
  /** Opened from Activate: the alert becomes active when saved. */
  activate?: boolean;
  isAdmin: boolean;
  onCancel: () => void;
  onDone: (rule: AlertRule) => void;
}) {
  const notifiers = useNotifiers();
  const create = useCreateAlertRule(clusterId);
  const update = useUpdateAlertRule(clusterId);
  const mutation = rule ? update : create;
  const [name, setName] = useState(rule?.name ?? "");
  const [event, setEvent] = useState<AlertEvent>(rule?.event ?? "MANUAL_FAILURES");
  const [severity, setSeverity] = useState<Severity>(rule?.severity ?? "WARNING");
  const [chosen, setChosen] = useState<string[]>(rule?.notifiers.map((n) => n.id) ?? []);
  const [active, setActive] = useState(rule ? rule.active || Boolean(activate) : true);
  const [minutes, setMinutes] = useState(rule?.minIntervalSeconds ? String(Math.round(rule.minIntervalSeconds / 60)) : "");
  const errors = fieldErrorsOf(mutation.error);

  const toggle = (id: string, on: boolean) => {
    if (mutation.error) mutation.reset();
    setChosen((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const minIntervalSeconds = minutes.trim() ? Math.round(Number(minutes) * 60) : null;
    if (rule) {
      update.mutate(
        { id: rule.id, ...(rule.builtIn ? {} : { name }), severity, notifierIds: chosen, active, minIntervalSeconds },
        { onSuccess: onDone },
      );
    } else {
      create.mutate({ name, event, severity, notifierIds: chosen, active: true, minIntervalSeconds }, { onSuccess: onDone });
    }
  };

  const list = notifiers.data ?? [];
  const intervalError = errors.minIntervalSeconds;

  return (
    <form className="stack" noValidate onSubmit={submit} aria-label={rule ? "Edit alert" : "Add alert"}>
      <ProblemAlert error={mutation.error} label="Alert could not be saved" testId="alert-rule-error" shownFields={SHOWN} />
      {rule?.builtIn ? (
        <p className="muted">
          Built-in alert: it is triggered when {EVENT_LABELS[rule.event]}.
        </p>
      ) : (
        <Field label="Name" required error={errors.name}>
          {(a) => <input {...a} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} autoFocus />}
        </Field>
      )}
      {rule ? null : (
        <Field label="Is" required error={errors.event} hint="When the alert is triggered.">
          {(a) => (
            <select {...a} value={event} onChange={(e) => setEvent(e.target.value as AlertEvent)}>
              {EVENTS.map((ev) => (
                <option key={ev} value={ev}>
                  {EVENT_LABELS[ev]}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label="Send a" required error={errors.severity} hint="The alert level of the notification.">
        {(a) => (
          <select {...a} value={severity} onChange={(e) => setSeverity(e.target.value as Severity)} className="input--short">
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {SEVERITY_LABELS[s]}
              </option>
            ))}
          </select>
        )}
      </Field>

      <fieldset className="fieldset" aria-describedby={errors.notifierIds ? "alert-notifiers-error" : undefined}>
        <legend>Notifiers</legend>
        <p className="field__hint">Where the notification is sent.</p>
        {notifiers.error ? (
          <Alert label="Notifiers could not be loaded">{errorMessage(notifiers.error)}</Alert>
        ) : notifiers.isPending ? (
          <Loading label="Loading notifiers…" />
        ) : !list.length ? (
          <Alert label="No notifiers" tone="info" testId="no-notifiers">
            <p>
              There are no notifiers yet. An Administrator must add one first.{" "}
              {isAdmin ? <Link href="/admin/notifiers">Add a notifier</Link> : null}
            </p>
          </Alert>
        ) : (
          <div className="choice-list">
            {list.map((n) => (
              <label key={n.id} className="choice">
                <input type="checkbox" checked={chosen.includes(n.id)} onChange={(e) => toggle(n.id, e.target.checked)} />
                <span>
                  <span className="choice__label">{n.name}</span>
                  <span className="choice__hint">{NOTIFIER_TYPE_LABELS[n.type] ?? n.type}</span>
                </span>
              </label>
            ))}
          </div>
        )}
        {errors.notifierIds ? (
          <p id="alert-notifiers-error" className="field__error">
            {errors.notifierIds}
          </p>
        ) : null}
      </fieldset>

      {rule ? (
        <label className="checkbox">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
          Active
        </label>
      ) : null}

      <details className="options" open={Boolean(intervalError) || Boolean(rule?.minIntervalSeconds) || undefined}>
        <summary>Show advanced options</summary>
        <Field
          label="Minimum interval between notifications, in minutes"
          error={intervalError}
          hint="Scans ending sooner after the last notification of this alert send nothing. Leave empty to notify every time."
        >
          {(a) => (
            <input {...a} type="number" min={0} max={10080} step={1} inputMode="numeric" className="input--short" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
          )}
        </Field>
      </details>

      <DialogFormActions onCancel={onCancel} pending={mutation.isPending} submitLabel={rule ? "Save" : "Add alert"} />
    </form>
  );
}
