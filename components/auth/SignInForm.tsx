"use client";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Alert } from "@/components/ui/Alert";
import { Field, SubmitButton } from "@/components/ui/Field";
import { safeCallbackUrl } from "./callback-url";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Wrong email or password",
};

export function SignInForm({ callbackUrl, notice }: { callbackUrl?: string; notice?: string }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    if (!email.trim() || !password) {
      setError("Enter your email and password.");
      return;
    }
    setPending(true);
    setError(null);
    try {
      const res = await signIn("credentials", { redirect: false, email, password });
      if (res?.ok && !res.error) {
        // A full navigation, so that every server-rendered part sees the new session.
        window.location.assign(safeCallbackUrl(callbackUrl));
        return;
      }
      const code = res?.error ?? "Unknown";
      setError(MESSAGES[code] ?? (code === "Unknown" || code === "Callback" ? "Signing in failed. Try again." : code));
      setPending(false);
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-describedby={error ? "signin-error" : undefined}>
      {notice && !error ? (
        <Alert label="Notice" tone="info" testId="signin-notice">
          {notice}
        </Alert>
      ) : null}
      {error ? (
        <div id="signin-error">
          <Alert label="Sign-in error" testId="signin-error">
            {error}
          </Alert>
        </div>
      ) : null}
      <Field label="Email">
        {(a) => <input {...a} name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />}
      </Field>
      <Field label="Password">
        {(a) => (
          <input {...a} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        )}
      </Field>
      <SubmitButton className="button button--primary button--block" pending={pending} pendingLabel="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}
