"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { clusterKeys, memberKeys } from "./keys";
import type { Cluster, Inspection } from "./types";

export function useClusters(initialData?: Cluster[]) {
  return useQuery({ queryKey: clusterKeys.list(), queryFn: ({ signal }) => api<Cluster[]>("/api/clusters", { signal }), initialData });
}

export function useCluster(id: string, initialData?: Cluster) {
  return useQuery({
    queryKey: clusterKeys.detail(id),
    queryFn: ({ signal }) => api<Cluster>(`/api/clusters/${encodeURIComponent(id)}`, { signal }),
    initialData,
  });
}

export type NewCluster =
  | { auth: "KUBECONFIG"; name: string; description: string; kubeconfig: string; contextName?: string }
  | { auth: "IN_CLUSTER"; name: string; description: string };

export function useInspectKubeconfig() {
  return useMutation({
    mutationFn: (body: { kubeconfig: string; contextName?: string }) =>
      api<Inspection>("/api/clusters/inspect", { method: "POST", body }),
  });
}

export function useCreateCluster() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewCluster) => api<Cluster>("/api/clusters", { method: "POST", body }),
    onSuccess: (cluster) => {
      qc.setQueryData(clusterKeys.detail(cluster.id), cluster);
      return qc.invalidateQueries({ queryKey: clusterKeys.list() });
    },
  });
}

export interface ClusterPatch {
  name?: string;
  description?: string;
  kubeconfig?: string;
  contextName?: string;
}

/** Stores the returned cluster and refreshes the list (used by edit and re-test). */
function useClusterUpdate<V>(id: string, request: (vars: V) => Promise<Cluster>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (cluster) => {
      qc.setQueryData(clusterKeys.detail(id), cluster);
      return qc.invalidateQueries({ queryKey: clusterKeys.list() });
    },
  });
}

export function useUpdateCluster(id: string) {
  return useClusterUpdate(id, (body: ClusterPatch) => api<Cluster>(`/api/clusters/${encodeURIComponent(id)}`, { method: "PATCH", body }));
}

export function useTestCluster(id: string) {
  return useClusterUpdate(id, () => api<Cluster>(`/api/clusters/${encodeURIComponent(id)}/test`, { method: "POST" }));
}

export function useDeleteCluster(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>(`/api/clusters/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => {
      qc.removeQueries({ queryKey: clusterKeys.detail(id) });
      qc.removeQueries({ queryKey: memberKeys.list(id) });
      return qc.invalidateQueries({ queryKey: clusterKeys.list() });
    },
  });
}
