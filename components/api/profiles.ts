"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { profileKeys } from "./keys";
import type { BenchmarkInfo, ScanProfile, SkipEntry } from "./types";

// Scan profiles (Administration > Scan profiles) and the benchmarks they can use.

export function useProfiles() {
  return useQuery({ queryKey: profileKeys.list(), queryFn: ({ signal }) => api<ScanProfile[]>("/api/profiles", { signal }) });
}

export function useBenchmarks() {
  return useQuery({ queryKey: profileKeys.benchmarks(), queryFn: ({ signal }) => api<BenchmarkInfo[]>("/api/benchmarks", { signal }), staleTime: Infinity });
}

export interface ProfileInput {
  name: string;
  benchmarkId: string;
  description: string;
  skips: SkipEntry[];
}

export function useSaveProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: ProfileInput & { id?: string }) =>
      id ? api<ScanProfile>(`/api/profiles/${encodeURIComponent(id)}`, { method: "PUT", body }) : api<ScanProfile>("/api/profiles", { method: "POST", body }),
    // Every cluster's profile list includes custom profiles.
    onSuccess: () => qc.invalidateQueries({ queryKey: profileKeys.all }),
  });
}

export function useDeleteProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/profiles/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: profileKeys.all }),
  });
}
