// A worker process on its own (scans, schedules, notifications), for running more workers or replicas
// beside the web servers. Needs DATABASE_URL and CIS_SCANS_ENCRYPTION_KEY like the dashboard.
import { startWorker } from "../lib/worker";

const log = (line: string) => console.log(`[worker ${process.pid}] ${line}`);

startWorker({ log, scheduleReloadMs: Number(process.env.SCHEDULE_RELOAD_MS) || undefined })
  .then((worker) => {
    log(`started (${worker.id})`);
    const stop = async () => {
      await worker.stop();
      process.exit(0);
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  })
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
