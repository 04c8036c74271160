import { SignInForm } from "./SignInForm";

const NOTICES: Record<string, string> = {
  "password-changed": "Your password was changed. Sign in with your new password.",
  "signed-out": "You are signed out.",
};

export function SignInPage({ callbackUrl, reason }: { callbackUrl?: string; reason?: string }) {
  return (
    <main className="auth" id="main">
      <div className="auth__card">
        <div className="auth__brand">
          <svg aria-hidden="true" viewBox="0 0 24 24" width="32" height="32">
            <path d="M12 2 3 6v6c0 5 3.8 9.3 9 10 5.2-.7 9-5 9-10V6l-9-4Zm-1.2 14.2-3.5-3.5 1.4-1.4 2.1 2.1 4.9-4.9 1.4 1.4-6.3 6.3Z" fill="currentColor" />
          </svg>
          <span>CIS Scans</span>
        </div>
        <h1 className="auth__title">Sign in</h1>
        <p className="auth__lead">Run CIS Kubernetes Benchmark scans on your clusters.</p>
        <SignInForm callbackUrl={callbackUrl} notice={reason ? NOTICES[reason] : undefined} />
      </div>
    </main>
  );
}
