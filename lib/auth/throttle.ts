import { db } from "@/lib/db";

// Slows down password guessing, per account and per client address, across every replica (state lives in
// PostgreSQL). After `free` failures each further failure locks the key for an exponentially growing time.

interface Policy {
  free: number;
  maxLockSeconds: number;
}
const POLICIES = { account: { free: 5, maxLockSeconds: 900 }, ip: { free: 20, maxLockSeconds: 900 } } satisfies Record<
  string,
  Policy
>;

type Kind = keyof typeof POLICIES;
const keyFor = (kind: Kind, value: string) => `${kind}:${value.toLowerCase()}`;

/** Seconds until sign-in may be tried again for any of these keys, or 0. */
export async function lockedForSeconds(keys: { account: string; ip: string }): Promise<number> {
  const rows = await db.loginThrottle.findMany({
    where: { key: { in: [keyFor("account", keys.account), keyFor("ip", keys.ip)] } },
  });
  const now = Date.now();
  const waits = rows.map((r) => (r.lockedUntil ? Math.ceil((r.lockedUntil.getTime() - now) / 1000) : 0));
  return Math.max(0, ...waits);
}

export async function recordFailure(keys: { account: string; ip: string }): Promise<void> {
  for (const kind of ["account", "ip"] as const) {
    const key = keyFor(kind, keys[kind]);
    const row = await db.loginThrottle.upsert({
      where: { key },
      create: { key, failures: 1 },
      update: { failures: { increment: 1 } },
    });
    const policy = POLICIES[kind];
    if (row.failures >= policy.free) {
      const seconds = Math.min(2 ** (row.failures - policy.free), policy.maxLockSeconds);
      await db.loginThrottle.update({ where: { key }, data: { lockedUntil: new Date(Date.now() + seconds * 1000) } });
    }
  }
}

export async function recordSuccess(keys: { account: string; ip: string }): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key: keyFor("account", keys.account) } });
}
