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
