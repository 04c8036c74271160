"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { memberKeys } from "./keys";
import type { ClusterRole, Member } from "./types";

const path = (clusterId: string, userId?: string) =>
  `/api/clusters/${encodeURIComponent(clusterId)}/members${userId ? `/${encodeURIComponent(userId)}` : ""}`;

export function useMembers(clusterId: string | null) {
  return useQuery({
    queryKey: memberKeys.list(clusterId ?? ""),
    queryFn: ({ signal }) => api<Member[]>(path(clusterId!), { signal }),
    enabled: Boolean(clusterId),
  });
}

export function useSetMember(clusterId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: ClusterRole }) => api<Member>(path(clusterId, userId), { method: "PUT", body: { role } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: memberKeys.list(clusterId) }),
  });
}

export function useRemoveMember(clusterId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api<void>(path(clusterId, userId), { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: memberKeys.list(clusterId) }),
  });
}
