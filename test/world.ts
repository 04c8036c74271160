import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { makeUser, type TestUser } from "./http";

// A small world for authorization tests: the target cluster A, another cluster B, and one user per
// relation to A.
export type Persona = "anonymous" | "otherClusterMember" | "member" | "owner" | "admin";
export const PERSONAS: Persona[] = ["anonymous", "otherClusterMember", "member", "owner", "admin"];

export interface World {
  clusterA: string;
  clusterB: string;
  users: Record<Exclude<Persona, "anonymous">, TestUser>;
  /** A plain user with no memberships, for user-management routes. */
  bystander: TestUser;
}

export async function makeWorld(): Promise<World> {
  const suffix = randomUUID().slice(0, 8);
  const a = await db.cluster.create({ data: { name: `a-${suffix}` } });
  const b = await db.cluster.create({ data: { name: `b-${suffix}` } });
  const [otherClusterMember, member, owner, admin, bystander] = await Promise.all([
    makeUser(),
    makeUser(),
    makeUser(),
    makeUser("ADMIN"),
    makeUser(),
  ]);
  await db.membership.createMany({
    data: [
      { userId: otherClusterMember.id, clusterId: b.id, role: "OWNER" },
      { userId: member.id, clusterId: a.id, role: "MEMBER" },
      { userId: owner.id, clusterId: a.id, role: "OWNER" },
    ],
  });
  return { clusterA: a.id, clusterB: b.id, users: { otherClusterMember, member, owner, admin }, bystander };
}
