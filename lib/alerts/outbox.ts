import { db, type Delivery } from "@/lib/db";
import { send, type AlertMessage } from "./notifiers";

// The durable outbox: messages are rows, sent by whichever worker claims them (FOR UPDATE SKIP LOCKED with
// a lease), retried with exponential backoff on timeouts, connection errors, 429 and 5xx, and given up
// after DELIVERY_MAX_ATTEMPTS. Every attempt is logged. Sending never runs inside a scan, so a slow or
// failing notifier cannot delay or fail one.

export const MAX_ATTEMPTS = Number(process.env.DELIVERY_MAX_ATTEMPTS) || 6;
const LEASE_MS = 60_000;

export async function enqueue(input: { ruleId?: string; clusterId?: string; scanId?: string; notifierIds: string[]; message: AlertMessage }): Promise<number> {
  if (!input.notifierIds.length) return 0;
  const created = await db.delivery.createMany({
    data: input.notifierIds.map((notifierId) => ({
      notifierId,
      ruleId: input.ruleId,
      clusterId: input.clusterId,
      scanId: input.scanId,
      message: input.message as object,
    })),
  });
  return created.count;
}

async function claim(limit: number): Promise<Delivery[]> {
  return db.$queryRaw<Delivery[]>`
    UPDATE "Delivery" SET "status" = 'SENDING', "leaseUntil" = now() + (${LEASE_MS} * interval '1 millisecond')
    WHERE "id" IN (
      SELECT "id" FROM "Delivery"
      WHERE ("status" = 'PENDING' AND "nextAttemptAt" <= now()) OR ("status" = 'SENDING' AND "leaseUntil" < now())
      ORDER BY "nextAttemptAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED
    )
    RETURNING *`;
}

export function backoffMs(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** (attempt - 1), 60 * 60 * 1000);
}

/** Sends what is due; returns how many messages were attempted. */
export async function processOutbox(opts: { baseBackoffMs?: number; batch?: number } = {}): Promise<number> {
  const base = opts.baseBackoffMs ?? (Number(process.env.DELIVERY_BACKOFF_MS) || 5000);
  const due = await claim(opts.batch ?? 20);
  await Promise.all(
    due.map(async (d) => {
      const notifier = await db.notifier.findUnique({ where: { id: d.notifierId } });
      if (!notifier) return;
      const started = Date.now();
      const result = await send(notifier, d.message as unknown as AlertMessage);
      const attempts = d.attempts + 1;
      const giveUp = !result.ok && (!result.retryable || attempts >= MAX_ATTEMPTS);
      await db.$transaction([
        db.deliveryAttempt.create({
          data: { deliveryId: d.id, ok: result.ok, statusCode: result.statusCode, error: result.error, durationMs: Date.now() - started },
        }),
        db.delivery.update({
          where: { id: d.id },
          data: result.ok
            ? { status: "DELIVERED", attempts, deliveredAt: new Date(), leaseUntil: null, lastError: null }
            : giveUp
              ? { status: "FAILED", attempts, leaseUntil: null, lastError: result.error }
              : { status: "PENDING", attempts, leaseUntil: null, lastError: result.error, nextAttemptAt: new Date(Date.now() + backoffMs(attempts, base)) },
        }),
      ]);
    }),
  );
  return due.length;
}

export async function listDeliveries(clusterId: string, limit = 50) {
  return db.delivery.findMany({
    where: { clusterId },
    orderBy: { createdAt: "desc" },
    take: limit,
    include: { notifier: { select: { id: true, name: true, type: true } }, rule: { select: { id: true, name: true } }, log: { orderBy: { at: "asc" } } },
  });
}
