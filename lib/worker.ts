import { processOutbox } from "@/lib/alerts/outbox";
import { alertOnScan } from "@/lib/alerts/rules";
import { claimScan, newWorkerId, onScanFinishedHook, ScanRun } from "@/lib/scans/runner";
import { applyRetention, Scheduler } from "@/lib/schedules";

// The background worker: long-running work that must not live in a request: scan dispatch, recurring
// scans, notification delivery. Every piece coordinates through PostgreSQL, so several worker processes
// or replicas can run side by side: a scan is run by whichever worker claims its lease, a schedule's fire
// by whichever claims its row, a message by whichever claims it in the outbox.

export interface Worker {
  id: string;
  stop(): Promise<void>;
  /** Scans this worker is running now. */
  active(): number;
}

export interface WorkerOptions {
  log: (line: string) => void;
  pollMs?: number;
  leaseMs?: number;
  pendingGraceMs?: number;
  concurrency?: number;
  maxScans?: number;
  /** Run recurring scans (default true). */
  schedules?: boolean;
  scheduleReloadMs?: number;
  /** Send notifications (default true). */
  outbox?: boolean;
  outboxPollMs?: number;
  deliveryBackoffMs?: number;
}

// After a scan ends (once, in the worker that ran it): scheduled-report retention, then alerts.
onScanFinishedHook(async (scanId) => {
  await applyRetention(scanId);
});
onScanFinishedHook(async (scanId) => {
  await alertOnScan(scanId);
});

export async function startWorker(opts: WorkerOptions): Promise<Worker> {
  const id = newWorkerId();
  const leaseMs = opts.leaseMs ?? 30_000;
  const running = new Map<string, { run: ScanRun; done: Promise<void> }>();
  let stopped = false;
  const timers: NodeJS.Timeout[] = [];

  const loop = (everyMs: number, work: () => Promise<void>) => {
    const tick = async () => {
      try {
        await work();
      } catch (err) {
        opts.log(`worker: ${(err as Error).message}`);
      }
      if (!stopped) timers.push(setTimeout(tick, everyMs));
    };
    return tick();
  };

  await loop(opts.pollMs ?? 1000, async () => {
    while (!stopped && running.size < (opts.maxScans ?? 4)) {
      const scan = await claimScan(id, leaseMs, [...running.keys()]);
      if (!scan) break;
      const run = new ScanRun(scan, {
        workerId: id,
        log: opts.log,
        leaseMs,
        pendingGraceMs: opts.pendingGraceMs ?? (Number(process.env.SCAN_PENDING_GRACE_SECONDS) || 120) * 1000,
        concurrency: opts.concurrency ?? 16,
      });
      running.set(scan.id, { run, done: run.run().finally(() => running.delete(scan.id)) });
    }
  });

  const scheduler = opts.schedules === false ? null : new Scheduler(opts.log, opts.scheduleReloadMs);
  await scheduler?.start();

  if (opts.outbox !== false) {
    void loop(opts.outboxPollMs ?? 1000, async () => {
      while (!stopped && (await processOutbox({ baseBackoffMs: opts.deliveryBackoffMs })) > 0);
    });
  }

  return {
    id,
    active: () => running.size,
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await scheduler?.stop();
      // Running scans keep their lease until it expires; another worker (or this one after a restart)
      // resumes them from the database.
      await Promise.all([...running.values()].map(({ run }) => run.abandon()));
    },
  };
}
