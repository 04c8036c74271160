"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { profileKeys, scanKeys, skipKeys } from "./keys";
import type {
  CheckNodes,
  ClusterProfile,
  NodeRoleId,
  Page,
  Report,
  ScanDetail,
  ScanNodeRow,
  ScanState,
  ScanSummary,
  SkipPreview,
  UserSkips,
} from "./types";

// CIS scans of one cluster: profiles, skip preview, the scan list, one scan's progress, its report,
// downloads and the cluster's own skip list.

const base = (clusterId: string) => `/api/clusters/${encodeURIComponent(clusterId)}`;
const scanPath = (clusterId: string, scanId: string) => `${base(clusterId)}/scans/${encodeURIComponent(scanId)}`;

function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : "";
}

export const isActive = (state: ScanState | undefined) => state === "PENDING" || state === "RUNNING";

/** How often a running scan is polled. */
export const POLL_MS = 1500;

export function useClusterProfiles(clusterId: string) {
  return useQuery({
    queryKey: profileKeys.forCluster(clusterId),
    queryFn: ({ signal }) => api<ClusterProfile[]>(`${base(clusterId)}/profiles`, { signal }),
  });
}

export function useSkipPreview(clusterId: string, profileId: string | null) {
  return useQuery({
    queryKey: scanKeys.preview(clusterId, profileId ?? ""),
    queryFn: ({ signal }) => api<SkipPreview>(`${base(clusterId)}/scans/preview${qs({ profileId })}`, { signal }),
    enabled: Boolean(profileId),
    staleTime: 0,
  });
}

export function useScans(clusterId: string, params: { page: number; pageSize: number; trigger?: string }) {
  return useQuery({
    queryKey: scanKeys.list(clusterId, params),
    queryFn: ({ signal }) => api<Page<ScanSummary>>(`${base(clusterId)}/scans${qs(params)}`, { signal }),
    placeholderData: keepPreviousData,
    // While a scan runs, the list follows it.
    refetchInterval: (q) => (q.state.data?.items.some((s) => isActive(s.state)) ? POLL_MS : false),
  });
}

export function useScan(clusterId: string, scanId: string | null, opts: { poll?: boolean } = {}) {
  return useQuery({
    queryKey: scanKeys.detail(clusterId, scanId ?? ""),
    queryFn: ({ signal }) => api<ScanDetail>(scanPath(clusterId, scanId!), { signal }),
    enabled: Boolean(scanId),
    refetchInterval: (q) => (opts.poll !== false && (!q.state.data || isActive(q.state.data.state)) ? POLL_MS : false),
  });
}

export function useScanNodes(clusterId: string, scanId: string, params: { state?: string; page: number; pageSize: number }, poll: boolean) {
  return useQuery({
    queryKey: scanKeys.nodes(clusterId, scanId, params),
    queryFn: ({ signal }) => api<Page<ScanNodeRow>>(`${scanPath(clusterId, scanId)}/nodes${qs(params)}`, { signal }),
    placeholderData: keepPreviousData,
    refetchInterval: poll ? POLL_MS : false,
  });
}

export interface ReportParams {
  state?: string;
  nodeType?: string;
  failedOnly?: boolean;
  search?: string;
  page: number;
  pageSize: number;
}

export function useReport(clusterId: string, scanId: string, params: ReportParams, enabled = true) {
  const query = { ...params, failedOnly: params.failedOnly ? "true" : undefined };
  return useQuery({
    queryKey: scanKeys.report(clusterId, scanId, query),
    queryFn: ({ signal }) => api<Report>(`${scanPath(clusterId, scanId)}/report${qs(query)}`, { signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCheckNodes(clusterId: string, scanId: string, checkId: string, page: number, pageSize = 25, enabled = true) {
  return useQuery({
    enabled,
    queryKey: scanKeys.checkNodes(clusterId, scanId, checkId, page),
    queryFn: ({ signal }) =>
      api<CheckNodes>(`${scanPath(clusterId, scanId)}/report/checks/${encodeURIComponent(checkId)}${qs({ page, pageSize })}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useStartScan(clusterId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { profileId: string; timeoutSeconds?: number }) => api<ScanSummary>(`${base(clusterId)}/scans`, { method: "POST", body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...scanKeys.all(clusterId), "list"] }),
  });
}

export function useCancelScan(clusterId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (scanId: string) => api<ScanDetail>(`${scanPath(clusterId, scanId)}/cancel`, { method: "POST" }),
    onSuccess: (scan) => {
      qc.setQueryData(scanKeys.detail(clusterId, scan.id), scan);
      return qc.invalidateQueries({ queryKey: [...scanKeys.all(clusterId), "list"] });
    },
  });
}

export function useDeleteScans(clusterId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) =>
      ids.length === 1
        ? api<void>(scanPath(clusterId, ids[0]), { method: "DELETE" })
        : api<void>(`${base(clusterId)}/scans`, { method: "DELETE", body: { ids } }),
    onSuccess: (_r, ids) => {
      for (const id of ids) {
        qc.removeQueries({ queryKey: scanKeys.detail(clusterId, id) });
        qc.removeQueries({ queryKey: [...scanKeys.all(clusterId), "report", id] });
      }
      return qc.invalidateQueries({ queryKey: [...scanKeys.all(clusterId), "list"] });
    },
  });
}

export interface ImportNode {
  name: string;
  roles: NodeRoleId[];
  fileName?: string;
  output: string;
}

export function useImportScan(clusterId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { profileId: string; name?: string; nodes: ImportNode[] }) =>
      api<{ id: string; name: string }>(`${base(clusterId)}/scans/import`, { method: "POST", body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...scanKeys.all(clusterId), "list"] }),
  });
}

/** Where a download of these reports is served from (one file, or a zip of several). */
export function downloadUrl(clusterId: string, ids: string[], format: "csv" | "json"): string {
  return `${base(clusterId)}/scans/download${qs({ ids: ids.join(","), format })}`;
}

export function useUserSkips(clusterId: string, benchmarkId: string | null) {
  return useQuery({
    queryKey: skipKeys.list(clusterId, benchmarkId ?? ""),
    queryFn: ({ signal }) => api<UserSkips>(`${base(clusterId)}/skips${qs({ benchmark: benchmarkId })}`, { signal }),
    enabled: Boolean(benchmarkId),
  });
}

export function useSetUserSkips(clusterId: string, benchmarkId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => api<UserSkips>(`${base(clusterId)}/skips${qs({ benchmark: benchmarkId })}`, { method: "PUT", body: { ids } }),
    onSuccess: (skips) => {
      qc.setQueryData(skipKeys.list(clusterId, benchmarkId), skips);
      // The skip preview of the Run Scan dialog includes these.
      return qc.invalidateQueries({ queryKey: [...scanKeys.all(clusterId), "preview"] });
    },
  });
}
