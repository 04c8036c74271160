"use client";
import { useMutation } from "@tanstack/react-query";
import { api } from "./client";

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api<void>("/api/account/password", { method: "POST", body }),
  });
}
