import { notFound, redirect } from "next/navigation";
import { isAdmin } from "@/lib/access";
import { getCluster } from "@/lib/clusters";
import { AppError } from "@/lib/errors";
import { pageUser, type SessionUser } from "@/lib/session";
import type { Cluster } from "@/components/api/types";

// Server-side helpers for pages: the signed-in user (or the sign-in page), and first-render data.

export async function requireUser(callbackPath?: string): Promise<SessionUser> {
  const user = await pageUser();
  if (!user) redirect(callbackPath ? `/signin?callbackUrl=${encodeURIComponent(callbackPath)}` : "/signin");
  return user;
}

export async function requireAdminUser(callbackPath?: string): Promise<SessionUser> {
  const user = await requireUser(callbackPath);
  if (!isAdmin(user)) redirect("/clusters");
  return user;
}

/** The cluster as the API would send it (dates as strings), or the 404 page when it is not visible. */
export async function clusterForPage(user: SessionUser, id: string): Promise<Cluster> {
  try {
    return toJson(await getCluster(user, id)) as Cluster;
  } catch (err) {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  }
}

/** What a value looks like after a trip through JSON, so server-provided initial data matches fetched data. */
export function toJson<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value));
}
