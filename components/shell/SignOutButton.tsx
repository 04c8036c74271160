"use client";
import { useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useState } from "react";

export function SignOutButton({ className = "button button--ghost" }: { className?: string }) {
  const [pending, setPending] = useState(false);
  const qc = useQueryClient();
  return (
    <button
      type="button"
      className={className}
      disabled={pending}
      onClick={async () => {
        setPending(true);
        qc.clear();
        await signOut({ callbackUrl: "/signin" });
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
