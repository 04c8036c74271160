"use client";
import { useEffect, useState } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";

// A cluster's recurring scan (Rancher's "CIS Scan Enabled / Profile / Interval / Report Retention"), what
// each fire did, the cluster.yml block, and live validation of a cron expression.

export interface Schedule {
  id: string;
  clusterId: string;
  enabled: boolean;
  profileId: string;
  cron: string;
  timezone: string;
  retention: number;
  allowShortInterval: boolean;
  createdAt: string;
  updatedAt: string;
  nextRuns: string[];
  nextRunsText: string[];
}

export interface ScheduleInput {
  enabled: boolean;
  profileId: string;
  cron: string;
  timezone: string;
  retention: number;
  allowShortInterval?: boolean;
}

export type FireStatus = "STARTED" | "SKIPPED" | "FAILED";

export interface ScheduleFire {
  id: string;
  fireAt: string;
  status: FireStatus;
  reason: string | null;
  scanId: string | null;
  missed: boolean;
  createdAt: string;
}

export interface CronPreview {
  cron: string;
  timezone: string;
  nextRuns: string[];
  nextRunsText: string[];
}

export const scheduleKeys = {
  all: (clusterId: string) => ["schedule", clusterId] as const,
  detail: (clusterId: string) => [...scheduleKeys.all(clusterId), "detail"] as const,
  fires: (clusterId: string) => [...scheduleKeys.all(clusterId), "fires"] as const,
  clusterYml: (clusterId: string) => [...scheduleKeys.all(clusterId), "cluster-yml"] as const,
  cron: (cron: string, timezone: string) => ["cron", cron, timezone] as const,
};

const base = (clusterId: string) => `/api/clusters/${encodeURIComponent(clusterId)}/schedule`;

export function useSchedule(clusterId: string) {
  return useQuery({
    queryKey: scheduleKeys.detail(clusterId),
    queryFn: ({ signal }) => api<Schedule | null>(base(clusterId), { signal }),
  });
}

export function useScheduleFires(clusterId: string, enabled = true) {
  return useQuery({
    queryKey: scheduleKeys.fires(clusterId),
    queryFn: ({ signal }) => api<ScheduleFire[]>(`${base(clusterId)}/fires`, { signal }),
    enabled,
    refetchInterval: 30_000,
  });
}

export function useSaveSchedule(clusterId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ScheduleInput) => api<Schedule>(base(clusterId), { method: "PUT", body }),
    onSuccess: (schedule) => {
      qc.setQueryData(scheduleKeys.detail(clusterId), schedule);
      return qc.invalidateQueries({ queryKey: scheduleKeys.clusterYml(clusterId) });
    },
  });
}

export function useDeleteSchedule(clusterId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>(base(clusterId), { method: "DELETE" }),
    onSuccess: () => {
      qc.setQueryData(scheduleKeys.detail(clusterId), null);
      return qc.invalidateQueries({ queryKey: scheduleKeys.all(clusterId) });
    },
  });
}

/** The schedule as cluster.yml's scheduled_cluster_scan block (plain text, not JSON). */
export function useClusterYml(clusterId: string, enabled: boolean) {
  return useQuery({
    queryKey: scheduleKeys.clusterYml(clusterId),
    enabled,
    queryFn: async ({ signal }) => {
      const res = await fetch(`${base(clusterId)}/cluster-yml`, { signal, credentials: "same-origin", cache: "no-store" });
      if (!res.ok) throw new Error(`The server answered ${res.status} ${res.statusText}.`);
      return res.text();
    },
  });
}

export function useImportClusterYml(clusterId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { yaml: string; timezone?: string }) => api<Schedule>(`${base(clusterId)}/cluster-yml`, { method: "PUT", body }),
    onSuccess: (schedule) => {
      qc.setQueryData(scheduleKeys.detail(clusterId), schedule);
      return qc.invalidateQueries({ queryKey: scheduleKeys.clusterYml(clusterId) });
    },
  });
}

/** A value that follows `value` once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

/** Validates a cron expression in a time zone as the user types: its next runs, or the 422 naming the field. */
export function useCronPreview(cron: string, timezone: string, count = 5) {
  const c = useDebounced(cron.trim(), 300);
  const tz = useDebounced(timezone.trim(), 300);
  return useQuery({
    queryKey: [...scheduleKeys.cron(c, tz), count],
    queryFn: ({ signal }) => api<CronPreview>(`/api/cron?${new URLSearchParams({ cron: c, timezone: tz || "UTC", count: String(count) })}`, { signal }),
    enabled: c.length > 0,
    retry: false,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
}
