"use client";
import { useEffect, useState } from "react";

export type Tone = "neutral" | "info" | "success" | "warning" | "error";

export function Badge({ children, tone = "neutral", title }: { children: React.ReactNode; tone?: Tone; title?: string }) {
  return (
    <span className={`badge badge--${tone}`} title={title}>
      {children}
    </span>
  );
}

/** How one value of a status is shown: its label, its tone, and an optional tooltip. */
export interface StatusLook {
  label: string;
  tone: Tone;
  title?: string;
}

/** A status list's values with their looks, in the list's order. */
export function statusEntries<S extends string>(statuses: Record<S, StatusLook>): [S, StatusLook][] {
  return Object.entries(statuses) as [S, StatusLook][];
}

/** The badge of a status value, looked up in its list; an unknown value shows as itself, neutral. */
export function StatusBadge<S extends string>({ statuses, value }: { statuses: Partial<Record<S, StatusLook>>; value: S }) {
  const s = statuses[value] ?? { label: value, tone: "neutral" };
  return (
    <Badge tone={s.tone} title={s.title}>
      {s.label}
    </Badge>
  );
}

/** A small button in a table row (Edit, Delete…); `danger` for the ones that remove something. */
export function RowButton({ danger, ...props }: React.ButtonHTMLAttributes<HTMLButtonElement> & { danger?: boolean }) {
  return <button type="button" className={`button button--small${danger ? " button--danger-outline" : ""}`} {...props} />;
}

export function EmptyState({ title, children, action }: { title: string; children?: React.ReactNode; action?: React.ReactNode }) {
  return (
    <div className="empty">
      <h2 className="empty__title">{title}</h2>
      {children ? <div className="empty__body">{children}</div> : null}
      {action ? <div className="empty__action">{action}</div> : null}
    </div>
  );
}

/**
 * A section named by its heading (aria-labelledby), with an optional muted description under the
 * heading; the section's content follows.
 */
export function Section({ id, title, description, className = "stack", children }: { id: string; title: React.ReactNode; description?: React.ReactNode; className?: string; children: React.ReactNode }) {
  const heading = (
    <h2 id={id} className="section-title">
      {title}
    </h2>
  );
  return (
    <section aria-labelledby={id} className={className}>
      {description ? (
        <div>
          {heading}
          <p className="muted prose">{description}</p>
        </div>
      ) : (
        heading
      )}
      {children}
    </section>
  );
}

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

const rtf = typeof Intl !== "undefined" ? new Intl.RelativeTimeFormat("en", { numeric: "auto" }) : null;

function relative(date: Date, now: number): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (!rtf) return date.toISOString();
  if (abs < 45) return "just now";
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), "hour");
  if (abs < 30 * 86400) return rtf.format(Math.round(seconds / 86400), "day");
  return date.toLocaleDateString();
}

/** A date shown relative to now ("5 minutes ago"), with the exact time in the tooltip. */
export function TimeAgo({ value, fallback = "Never" }: { value: string | Date | null | undefined; fallback?: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  if (!value) return <>{fallback}</>;
  const date = new Date(value);
  return (
    <time dateTime={date.toISOString()} title={date.toLocaleString()} suppressHydrationWarning>
      {now === null ? date.toISOString().slice(0, 16).replace("T", " ") + " UTC" : relative(date, now)}
    </time>
  );
}
