"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { memberKeys, userKeys } from "./keys";
import type { GlobalRole, User } from "./types";

export function useUsers() {
  return useQuery({ queryKey: userKeys.list(), queryFn: ({ signal }) => api<User[]>("/api/users", { signal }) });
}

export interface NewUser {
  email: string;
  name: string;
  password: string;
  role: GlobalRole;
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewUser) => api<User>("/api/users", { method: "POST", body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.list() }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; name?: string; role?: GlobalRole; password?: string }) =>
      api<User>(`/api/users/${encodeURIComponent(id)}`, { method: "PATCH", body }),
    onSuccess: (_user, vars) =>
      // A password reset changes nothing that is listed.
      vars.name !== undefined || vars.role !== undefined
        ? Promise.all([qc.invalidateQueries({ queryKey: userKeys.list() }), qc.invalidateQueries({ queryKey: memberKeys.all })])
        : undefined,
  });
}

export function useDeleteUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/users/${encodeURIComponent(id)}`, { method: "DELETE" }),
    // Memberships of the deleted user disappear with it.
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: userKeys.list() }), qc.invalidateQueries({ queryKey: memberKeys.all })]),
  });
}
