import { db, type ClusterRole } from "@/lib/db";
import { forbidden, notFound } from "@/lib/errors";
import type { SessionUser } from "@/lib/session";

// The one place that decides "may this user do X on this cluster".
//   view   : see that the cluster exists (Members, Owners, Administrators)
//   manage : run scans, see/download reports, manage schedules, skips, alerts, edit or delete the cluster
//            (Owners and Administrators: "To run security scans on a cluster and access the generated
//            reports, you must be an Administrator or Cluster Owner.")
// A cluster the user has no membership in does not exist for them (404), an Administrator sees all.

export type ClusterAction = "view" | "manage";

const ALLOWED: Record<ClusterAction, ClusterRole[]> = { view: ["MEMBER", "OWNER"], manage: ["OWNER"] };

export const isAdmin = (user: SessionUser) => user.role === "ADMIN";

export function requireAdmin(user: SessionUser): void {
  if (!isAdmin(user)) throw forbidden("Only administrators can do this.");
}

/** The caller's role on the cluster: "ADMIN" for administrators, the membership role, or null. */
export async function clusterRoleOf(user: SessionUser, clusterId: string): Promise<ClusterRole | "ADMIN" | null> {
  if (isAdmin(user)) {
    const exists = await db.cluster.count({ where: { id: clusterId } });
    return exists ? "ADMIN" : null;
  }
  const membership = await db.membership.findUnique({
    where: { userId_clusterId: { userId: user.id, clusterId } },
    select: { role: true },
  });
  return membership?.role ?? null;
}

export async function authorizeCluster(user: SessionUser, clusterId: string, action: ClusterAction): Promise<void> {
  const role = await clusterRoleOf(user, clusterId);
  if (!role) throw notFound("Cluster");
  if (role !== "ADMIN" && !ALLOWED[action].includes(role)) {
    throw forbidden("Only Administrators and this cluster's Owners can do this.");
  }
}

/** Prisma filter of the clusters a user can see. */
export function visibleClustersWhere(user: SessionUser) {
  return isAdmin(user) ? {} : { memberships: { some: { userId: user.id } } };
}
