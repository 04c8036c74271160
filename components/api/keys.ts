// Query keys, one factory per resource. Mutations invalidate exactly the keys they affect.

export const clusterKeys = {
  all: ["clusters"] as const,
  list: () => [...clusterKeys.all, "list"] as const,
  detail: (id: string) => [...clusterKeys.all, "detail", id] as const,
};

export const memberKeys = {
  all: ["members"] as const,
  list: (clusterId: string) => [...memberKeys.all, clusterId] as const,
};

export const userKeys = {
  all: ["users"] as const,
  list: () => [...userKeys.all, "list"] as const,
};

export const meKeys = {
  me: () => ["me"] as const,
};

export const scanKeys = {
  all: (clusterId: string) => ["scans", clusterId] as const,
  list: (clusterId: string, params: { page: number; pageSize: number; trigger?: string }) => [...scanKeys.all(clusterId), "list", params] as const,
  detail: (clusterId: string, scanId: string) => [...scanKeys.all(clusterId), "detail", scanId] as const,
  nodes: (clusterId: string, scanId: string, params: { state?: string; page: number; pageSize: number }) =>
    [...scanKeys.all(clusterId), "nodes", scanId, params] as const,
  report: (clusterId: string, scanId: string, params: Record<string, string | number | boolean | undefined>) =>
    [...scanKeys.all(clusterId), "report", scanId, params] as const,
  checkNodes: (clusterId: string, scanId: string, checkId: string, page: number) => [...scanKeys.all(clusterId), "check", scanId, checkId, page] as const,
  preview: (clusterId: string, profileId: string) => [...scanKeys.all(clusterId), "preview", profileId] as const,
};

export const profileKeys = {
  all: ["profiles"] as const,
  list: () => [...profileKeys.all, "list"] as const,
  forCluster: (clusterId: string) => [...profileKeys.all, "cluster", clusterId] as const,
  benchmarks: () => ["benchmarks"] as const,
};

export const skipKeys = {
  all: (clusterId: string) => ["skips", clusterId] as const,
  list: (clusterId: string, benchmarkId: string) => [...skipKeys.all(clusterId), benchmarkId] as const,
};
