"use client";
import { useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { useChangePassword } from "@/components/api/account";
import type { Me } from "@/components/api/types";
import { PageHeader } from "@/components/shell/PageHeader";
import { Alert, ProblemAlert, fieldErrorsOf } from "@/components/ui/Alert";
import { Field, SubmitButton } from "@/components/ui/Field";

export function AccountPage({ user }: { user: Me }) {
  const change = useChangePassword();
  const qc = useQueryClient();
  const [form, setForm] = useState({ currentPassword: "", newPassword: "", confirm: "" });
  const [mismatch, setMismatch] = useState(false);
  const errors = fieldErrorsOf(change.error);
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value });

  return (
    <>
      <PageHeader title="Account" description="Your profile and password." />
      <div className="grid-2">
        <section className="card" aria-labelledby="profile-heading">
          <h2 id="profile-heading" className="section-title">
            Profile
          </h2>
          <dl className="facts facts--stacked">
            <div>
              <dt>Name</dt>
              <dd>{user.name}</dd>
            </div>
            <div>
              <dt>Email</dt>
              <dd>{user.email}</dd>
            </div>
            <div>
              <dt>Role</dt>
              <dd>{user.role === "ADMIN" ? "Administrator" : "User"}</dd>
            </div>
          </dl>
        </section>
        <section className="card" aria-labelledby="password-heading">
          <h2 id="password-heading" className="section-title">
            Change password
          </h2>
          <form
            className="stack"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (form.newPassword !== form.confirm) {
                setMismatch(true);
                return;
              }
              setMismatch(false);
              change.mutate(
                { currentPassword: form.currentPassword, newPassword: form.newPassword },
                {
                  // Sessions issued before a password change are refused: sign in again.
                  onSuccess: async () => {
                    qc.clear();
                    await signOut({ callbackUrl: "/signin?reason=password-changed" });
                  },
                },
              );
            }}
          >
            <p className="muted">After the change you are signed out everywhere, including here.</p>
            <ProblemAlert error={change.error} label="Password could not be changed" testId="password-error" shownFields={["currentPassword", "newPassword"]} />
            {change.isSuccess ? (
              <Alert label="Password changed" tone="success" testId="password-changed">
                Password changed. Signing you out…
              </Alert>
            ) : null}
            <Field label="Current password" required error={errors.currentPassword}>
              {(a) => <input {...a} name="currentPassword" type="password" autoComplete="current-password" value={form.currentPassword} onChange={set("currentPassword")} />}
            </Field>
            <Field label="New password" required error={errors.newPassword} hint="At least 10 characters.">
              {(a) => <input {...a} name="newPassword" type="password" autoComplete="new-password" value={form.newPassword} onChange={set("newPassword")} />}
            </Field>
            <Field label="Repeat the new password" required error={mismatch ? "does not match the new password" : undefined}>
              {(a) => <input {...a} name="confirm" type="password" autoComplete="new-password" value={form.confirm} onChange={set("confirm")} />}
            </Field>
            <div className="form__actions">
              <SubmitButton pending={change.isPending} pendingLabel="Changing…" disabled={change.isSuccess}>
                Change password
              </SubmitButton>
            </div>
          </form>
        </section>
      </div>
    </>
  );
}
