import { claimScan, newWorkerId, ScanRun } from "@/lib/scans/runner";

// The background worker: long-running work that must not live in a request (scan dispatch, schedules,
// notification delivery). Every piece coordinates through PostgreSQL, so several worker processes or
// replicas can run side by side: a scan is run by whichever worker claims its lease.

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
}

export async function startWorker(opts: WorkerOptions): Promise<Worker> {
  const id = newWorkerId();
  const leaseMs = opts.leaseMs ?? 30_000;
  const running = new Map<string, { run: ScanRun; done: Promise<void> }>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const tick = async () => {
    try {
      while (!stopped && running.size < (opts.maxScans ?? 4)) {
        const scan = await claimScan(id, leaseMs);
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
    } catch (err) {
      opts.log(`worker: ${(err as Error).message}`);
    }
    if (!stopped) timer = setTimeout(tick, opts.pollMs ?? 1000);
  };
  await tick();

  return {
    id,
    active: () => running.size,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      // Running scans keep their lease until it expires; another worker (or this one after a restart)
      // resumes them from the database.
      await Promise.all([...running.values()].map(({ run }) => run.abandon()));
    },
  };
}
