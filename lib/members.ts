import { z } from "zod";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";

// Cluster memberships (Owner / Member), managed by Administrators.

export const setMemberSchema = z.object({ role: z.enum(["OWNER", "MEMBER"]) });

export function listMembers(clusterId: string) {
  return db.membership.findMany({
    where: { clusterId },
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
    orderBy: { user: { email: "asc" } },
  });
}

export async function setMember(clusterId: string, userId: string, role: "OWNER" | "MEMBER") {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) throw notFound("User");
  return db.membership.upsert({
    where: { userId_clusterId: { userId, clusterId } },
    create: { userId, clusterId, role },
    update: { role },
    select: { role: true, user: { select: { id: true, email: true, name: true } } },
  });
}

export async function removeMember(clusterId: string, userId: string) {
  const removed = await db.membership.deleteMany({ where: { clusterId, userId } });
  if (!removed.count) throw notFound("Membership");
}
