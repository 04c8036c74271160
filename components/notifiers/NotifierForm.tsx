"use client";
import { useState } from "react";
import { NOTIFIER_TYPE_LABELS, useSaveNotifier, type Notifier, type NotifierInput, type NotifierType } from "@/components/api/notifiers";
import { ProblemAlert, fieldErrorsOf } from "@/components/ui/Alert";
import { DialogFormActions } from "@/components/ui/Dialog";
import { Field } from "@/components/ui/Field";

const TYPES = Object.keys(NOTIFIER_TYPE_LABELS) as NotifierType[];
const SHOWN = ["name", "type", "url", "channel", "routingKey", "hmacSecret", "host", "port", "username", "password", "from", "to"];

/** Add or edit a notifier: its type's own fields; secrets left empty on edit keep their stored values. */
export function NotifierForm({ notifier, onCancel, onDone }: { notifier?: Notifier; onCancel: () => void; onDone: (n: Notifier) => void }) {
  const save = useSaveNotifier();
  const c = notifier?.config ?? {};
  const [type, setType] = useState<NotifierType>(notifier?.type ?? "SLACK");
  const [name, setName] = useState(notifier?.name ?? "");
  const [url, setUrl] = useState(notifier?.type === "PAGERDUTY" ? (c.url ?? "") : "");
  const [channel, setChannel] = useState(c.channel ?? "");
  const [routingKey, setRoutingKey] = useState("");
  const [hmacSecret, setHmacSecret] = useState("");
  const [host, setHost] = useState(c.host ?? "");
  const [port, setPort] = useState(String(c.port ?? 587));
  const [secure, setSecure] = useState(c.secure ?? false);
  const [requireTLS, setRequireTLS] = useState(c.requireTLS ?? true);
  const [username, setUsername] = useState(c.username ?? "");
  const [password, setPassword] = useState("");
  const [from, setFrom] = useState(c.from ?? "");
  const [to, setTo] = useState((c.to ?? []).join("\n"));

  const raw = fieldErrorsOf(save.error);
  // "to.2" (one recipient) is shown under the recipients field.
  const errors: Record<string, string> = { ...raw };
  for (const [field, message] of Object.entries(raw)) if (field.startsWith("to.")) errors.to ??= `${message} (recipient ${Number(field.slice(3)) + 1})`;
  const shown = [...SHOWN, ...Object.keys(raw).filter((f) => f.startsWith("to."))];

  const editing = Boolean(notifier);
  /** Hint for a secret on edit: it is stored, and kept when left empty. */
  const keep = (what: string, masked: string | null | undefined) =>
    editing && masked ? `Stored: ${masked}. Leave empty to keep the stored ${what}.` : undefined;

  const input = (): NotifierInput => {
    const n = name.trim();
    switch (type) {
      case "SLACK":
        return { name: n, type, url: url.trim(), channel: channel.trim() || undefined };
      case "TEAMS":
        return { name: n, type, url: url.trim() };
      case "PAGERDUTY":
        return { name: n, type, routingKey: routingKey.trim(), url: url.trim() || undefined };
      case "WEBHOOK":
        return { name: n, type, url: url.trim(), hmacSecret: hmacSecret || undefined };
      case "EMAIL":
        return {
          name: n,
          type,
          host: host.trim(),
          port: Number(port),
          secure,
          requireTLS,
          username: username.trim() || undefined,
          password: password || undefined,
          from: from.trim(),
          to: to
            .split(/[\s,;]+/)
            .map((s) => s.trim())
            .filter(Boolean),
        };
    }
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    save.mutate({ ...input(), id: notifier?.id }, { onSuccess: onDone });
  };

  const secrets = notifier?.secrets;
  const urlRequired = !editing || !secrets?.url;

  return (
    <form className="stack" noValidate onSubmit={submit} aria-label={editing ? "Edit notifier" : "Add notifier"}>
      <ProblemAlert error={save.error} label="Notifier could not be saved" testId="notifier-error" shownFields={shown} />
      <Field label="Type" error={errors.type} hint={editing ? "The type of a notifier cannot change." : undefined}>
        {(a) => (
          <select {...a} value={type} disabled={editing} onChange={(e) => setType(e.target.value as NotifierType)} autoFocus={!editing}>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {NOTIFIER_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Name" required error={errors.name}>
        {(a) => <input {...a} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} autoFocus={editing} />}
      </Field>

      {type === "SLACK" || type === "TEAMS" || type === "WEBHOOK" ? (
        <Field
          label={type === "WEBHOOK" ? "URL" : "Webhook URL"}
          required={urlRequired}
          error={errors.url}
          hint={
            keep("URL", secrets?.url) ??
            (type === "WEBHOOK"
              ? "Receives a JSON POST for every alert. https:// (http:// only for localhost)."
              : `The incoming webhook URL from ${NOTIFIER_TYPE_LABELS[type]}; it is stored encrypted and shown masked.`)
          }
        >
          {(a) => <input {...a} type="url" inputMode="url" autoComplete="off" spellCheck={false} value={url} onChange={(e) => setUrl(e.target.value)} />}
        </Field>
      ) : null}
      {type === "SLACK" ? (
        <Field label="Channel" error={errors.channel} hint="Optional, e.g. #security; the webhook's own channel otherwise.">
          {(a) => <input {...a} value={channel} maxLength={100} onChange={(e) => setChannel(e.target.value)} />}
        </Field>
      ) : null}
      {type === "WEBHOOK" ? (
        <Field
          label="HMAC secret"
          error={errors.hmacSecret}
          hint={
            keep("secret", secrets?.hmacSecret) ??
            "Optional. Each request is then signed: x-cis-scans-signature is sha256= and the HMAC-SHA256 of “timestamp.body” (timestamp in x-cis-scans-timestamp)."
          }
        >
          {(a) => <input {...a} type="password" autoComplete="new-password" value={hmacSecret} onChange={(e) => setHmacSecret(e.target.value)} />}
        </Field>
      ) : null}
      {type === "PAGERDUTY" ? (
        <>
          <Field
            label="Integration key"
            required={!editing || !secrets?.routingKey}
            error={errors.routingKey}
            hint={keep("key", secrets?.routingKey) ?? "The routing key of an Events API v2 integration (32 characters)."}
          >
            {(a) => <input {...a} type="password" autoComplete="off" className="mono" value={routingKey} onChange={(e) => setRoutingKey(e.target.value)} />}
          </Field>
          <Field label="Events API URL" error={errors.url} hint="Optional; https://events.pagerduty.com/v2/enqueue when empty.">
            {(a) => <input {...a} type="url" inputMode="url" autoComplete="off" spellCheck={false} value={url} onChange={(e) => setUrl(e.target.value)} />}
          </Field>
        </>
      ) : null}
      {type === "EMAIL" ? (
        <>
          <div className="grid-2">
            <Field label="SMTP host" required error={errors.host}>
              {(a) => <input {...a} autoComplete="off" spellCheck={false} value={host} onChange={(e) => setHost(e.target.value)} />}
            </Field>
            <Field label="Port" required error={errors.port}>
              {(a) => <input {...a} type="number" min={1} max={65535} inputMode="numeric" className="input--short" value={port} onChange={(e) => setPort(e.target.value)} />}
            </Field>
          </div>
          <div className="stack">
            <label className="checkbox">
              <input type="checkbox" checked={secure} onChange={(e) => setSecure(e.target.checked)} />
              TLS from the start (usually port 465)
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={requireTLS} onChange={(e) => setRequireTLS(e.target.checked)} />
              Require STARTTLS (usually port 587)
            </label>
          </div>
          <div className="grid-2">
            <Field label="User name" error={errors.username} hint="Optional.">
              {(a) => <input {...a} autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} />}
            </Field>
            <Field label="Password" error={errors.password} hint={keep("password", secrets?.password) ?? "Optional."}>
              {(a) => <input {...a} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
            </Field>
          </div>
          <Field label="From" required error={errors.from}>
            {(a) => <input {...a} type="email" autoComplete="off" value={from} onChange={(e) => setFrom(e.target.value)} />}
          </Field>
          <Field label="To" required error={errors.to} hint="One or more addresses, separated by commas or new lines.">
            {(a) => <textarea {...a} rows={3} value={to} onChange={(e) => setTo(e.target.value)} />}
          </Field>
        </>
      ) : null}

      <DialogFormActions onCancel={onCancel} pending={save.isPending} submitLabel={editing ? "Save notifier" : "Add notifier"} />
    </form>
  );
}
