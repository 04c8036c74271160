import { randomUUID } from "node:crypto";
import { ApiException, CoreV1Api, makeInformer, type KubeConfig, type V1Node, type V1Pod } from "@kubernetes/client-node";
import { findBenchmark, kubeBenchArgs, scanImage, targetsFor, type Benchmark } from "@/lib/benchmarks";
import { db, type Scan, type ScanNode } from "@/lib/db";
import { describeK8sError, kubeConfigFor } from "@/lib/k8s/client";
import {
  createScanJob,
  deleteScanJob,
  deleteScanObjects,
  ensureNamespace,
  NODE_ANNOTATION,
  podOutcome,
  readScanLog,
  SCAN_LABEL,
  SCAN_NAMESPACE,
  scanJobName,
} from "@/lib/k8s/jobs";
import { nodeOs, nodeRoles } from "@/lib/k8s/nodes";
import { listAllNodes } from "@/lib/k8s/probe";
import { mapLimit, withRetry } from "@/lib/k8s/retry";
import { readUserSkips } from "@/lib/k8s/skip-config";
import { ParseError, parseKubeBenchOutput } from "./parse";
import { buildReport, ensureDefinitions, storeNodeResults, type DefinitionCache } from "./results";
import { skipRulesOf, USER_SKIP_REASON, type SkipSnapshot } from "./skips";

// Runs one scan to its end. The scan's state lives in PostgreSQL; this process holds a lease on it and
// renews it while working, so that a restarted or crashed worker's scan is taken over by another worker
// (or by itself after restart), resuming from what is stored: Jobs have deterministic names, results are
// written idempotently. Progress comes from a watch on the scan's pods (an informer), not from polling.
// Every scan ends: at its deadline unfinished nodes are marked timed out and the report is built from
// what arrived; Jobs and pods are always deleted.

export interface RunnerOptions {
  workerId: string;
  log: (line: string) => void;
  /** How long a node's pod may stay unschedulable or unable to pull its image before the node fails. */
  pendingGraceMs: number;
  /** How many Jobs are created, and logs read, at the same time. */
  concurrency: number;
  leaseMs: number;
}

const TERMINAL = new Set(["SUCCEEDED", "FAILED", "TIMED_OUT", "NOT_SCANNED", "CANCELLED"]);
const TICK_MS = 1000;

export class ScanRun {
  private nodes = new Map<string, ScanNode>();
  private stuckSince = new Map<string, number>();
  private queues = new Map<string, Promise<void>>();
  /** Bounds how many node outputs are read and stored at once (memory stays flat on large clusters). */
  private collecting!: Semaphore;
  private defs: DefinitionCache = new Map();
  private kc!: KubeConfig;
  private benchmark!: Benchmark;
  private finished = false;
  private informer?: ReturnType<typeof makeInformer<V1Pod>>;
  /** The node list read when the scan started (a resumed scan reads it again). */
  private listedNodes?: V1Node[];

  constructor(
    private scan: Scan,
    private opts: RunnerOptions,
  ) {
    this.collecting = new Semaphore(opts.concurrency);
  }

  async run(): Promise<void> {
    // The lease is renewed on its own timer for the whole run: preparing and dispatching thousands of
    // Jobs takes longer than a lease, and a lapsed lease would let another worker run the scan twice.
    const renewal = setInterval(() => {
      void renewLease(this.scan.id, this.opts.workerId, this.opts.leaseMs)
        .then((kept) => {
          if (!kept && !this.finished) {
            this.opts.log(`scan ${this.scan.id}: lease lost to another worker; stopping here`);
            void this.abandon();
          }
        })
        .catch(() => {});
    }, Math.max(200, this.opts.leaseMs / 3));
    try {
      const cluster = await db.cluster.findUniqueOrThrow({ where: { id: this.scan.clusterId } });
      const benchmark = findBenchmark(this.scan.benchmarkId);
      if (!benchmark) throw new Error(`unknown benchmark ${this.scan.benchmarkId}`);
      this.benchmark = benchmark;
      this.kc = kubeConfigFor(cluster);
      if (this.scan.state === "PENDING") await this.prepare();
      for (const n of await db.scanNode.findMany({ where: { scanId: this.scan.id } })) this.nodes.set(n.name, n);
      if (!this.scan.cancelRequested && this.pendingNodes().length) {
        await ensureNamespace(this.kc);
        await this.watchPods();
        await this.dispatch();
      }
      await this.waitForEnd();
    } catch (err) {
      await this.fail(err);
    } finally {
      clearInterval(renewal);
      await this.informer?.stop().catch(() => {});
    }
  }

  /** First start: the nodes to scan, the user's skips, the deadline. */
  private async prepare() {
    const [nodes, userSkips] = await Promise.all([listAllNodes(this.kc), readUserSkips(this.kc)]);
    this.listedNodes = nodes;
    const snapshot: SkipSnapshot = this.scan.skips as unknown as SkipSnapshot;
    const skips = [
      ...snapshot.filter((s) => s.source !== "user"),
      ...(userSkips.skips[this.benchmark.id] ?? []).map((id) => ({ id, source: "user" as const, reason: USER_SKIP_REASON })),
    ];
    const warnings = userSkips.warning ? [userSkips.warning] : [];
    const rows = nodes.map((node) => this.nodeRow(node));
    const windows = rows.filter((r) => r.state === "NOT_SCANNED").map((r) => r.name);
    if (windows.length) warnings.push(`${windows.length} Windows node(s) cannot run kube-bench and were not scanned: ${preview(windows)}`);
    const now = new Date();
    await db.$transaction([
      db.scanNode.createMany({ data: rows.map((r) => ({ ...r, scanId: this.scan.id })), skipDuplicates: true }),
      db.scan.update({
        where: { id: this.scan.id },
        data: {
          state: "RUNNING",
          startedAt: now,
          deadlineAt: new Date(now.getTime() + this.scan.timeoutSeconds * 1000),
          nodesTotal: rows.length,
          skips: skips as object,
          warnings,
          image: scanImage(this.benchmark, this.scan.image),
        },
      }),
    ]);
    this.scan = await db.scan.findUniqueOrThrow({ where: { id: this.scan.id } });
    this.opts.log(`scan ${this.scan.id}: ${rows.length - windows.length} node(s) to scan on cluster ${this.scan.clusterId}`);
  }

  private nodeRow(node: V1Node) {
    const roles = nodeRoles(node);
    const windows = nodeOs(node) === "windows";
    return {
      name: node.metadata!.name!,
      roles,
      os: nodeOs(node),
      targets: windows ? [] : targetsFor(this.benchmark, roles),
      state: windows ? ("NOT_SCANNED" as const) : ("PENDING" as const),
      reason: windows ? "Windows nodes cannot run kube-bench" : null,
    };
  }

  private pendingNodes() {
    return [...this.nodes.values()].filter((n) => !TERMINAL.has(n.state));
  }

  private async watchPods() {
    const core = this.kc.makeApiClient(CoreV1Api);
    const labelSelector = `${SCAN_LABEL}=${this.scan.id}`;
    const informer = makeInformer<V1Pod>(
      this.kc,
      `/api/v1/namespaces/${SCAN_NAMESPACE}/pods`,
      () => withRetry(() => core.listNamespacedPod({ namespace: SCAN_NAMESPACE, labelSelector })),
      labelSelector,
    );
    this.informer = informer;
    informer.on("add", (pod) => this.serially(pod, () => this.onPod(pod)));
    informer.on("update", (pod) => this.serially(pod, () => this.onPod(pod)));
    informer.on("delete", (pod) => this.serially(pod, () => this.onPodDeleted(pod)));
    informer.on("error", () => {
      // The informer stops on errors other than 410; start it again after a pause, unless we are done.
      setTimeout(() => {
        if (!this.finished) informer.start().catch(() => {});
      }, 2000);
    });
    await informer.start();
  }

  /**
   * Creates the Job of every unfinished node, a bounded number at a time. On a resumed scan, Jobs that
   * still exist answer 409 and are kept; Jobs that went away meanwhile are created again.
   */
  private async dispatch() {
    const taintsByNode = new Map<string, V1Node["spec"]>();
    const todo = this.pendingNodes();
    if (!todo.length) return;
    const nodes = this.listedNodes ?? (await listAllNodes(this.kc));
    this.listedNodes = undefined;
    for (const n of nodes) taintsByNode.set(n.metadata!.name!, n.spec);
    const image = this.scan.image ?? scanImage(this.benchmark);
    await mapLimit(todo, this.opts.concurrency, async (node) => {
      if (this.finished) return;
      const spec = taintsByNode.get(node.name);
      if (!spec && !taintsByNode.has(node.name)) {
        await this.finishNode(node, "FAILED", "the node was removed from the cluster before its scan started");
        return;
      }
      const jobName = scanJobName(this.scan.id, node.id);
      try {
        await createScanJob(this.kc, {
          scanId: this.scan.id,
          jobName,
          nodeName: node.name,
          taints: spec?.taints ?? [],
          image,
          args: kubeBenchArgs(this.benchmark, node.targets),
          timeoutSeconds: this.scan.timeoutSeconds,
        });
        await this.updateNode(node, { jobName });
      } catch (err) {
        await this.finishNode(node, "FAILED", `could not create the scan Job: ${describeK8sError(err)}`);
      }
    });
  }

  /** Events of one node's pod are handled one after another, in order. */
  private serially(pod: V1Pod, handle: () => Promise<void>): Promise<void> {
    const key = pod.metadata?.annotations?.[NODE_ANNOTATION] ?? "";
    const next = (this.queues.get(key) ?? Promise.resolve())
      .then(handle)
      .catch((err) => this.opts.log(`scan ${this.scan.id}: ${describeK8sError(err)}`));
    this.queues.set(key, next);
    return next;
  }

  private async onPod(pod: V1Pod) {
    const name = pod.metadata?.annotations?.[NODE_ANNOTATION];
    const node = name ? this.nodes.get(name) : undefined;
    if (!node || TERMINAL.has(node.state) || this.finished) return;
    const outcome = podOutcome(pod);
    if (outcome.kind === "pending") {
      if (outcome.stuck) {
        const since = this.stuckSince.get(node.name) ?? Date.now();
        this.stuckSince.set(node.name, since);
        if (Date.now() - since >= this.opts.pendingGraceMs) {
          await this.finishNode(node, "FAILED", outcome.stuck);
          await deleteScanJob(this.kc, node.jobName!).catch(() => {});
        } else if (node.reason !== outcome.stuck) {
          await this.updateNode(node, { reason: outcome.stuck });
        }
      }
      return;
    }
    this.stuckSince.delete(node.name);
    if (outcome.kind === "running") {
      if (node.state === "PENDING") await this.updateNode(node, { state: "RUNNING", startedAt: new Date(), reason: null });
      return;
    }
    await this.collecting.run(async () => {
      if (outcome.kind === "succeeded") await this.collect(node, pod);
      else await this.finishNode(node, "FAILED", await this.failureReason(pod, outcome.reason));
    });
    await deleteScanJob(this.kc, node.jobName!).catch(() => {});
  }

  private async onPodDeleted(pod: V1Pod) {
    const name = pod.metadata?.annotations?.[NODE_ANNOTATION];
    const node = name ? this.nodes.get(name) : undefined;
    if (!node || TERMINAL.has(node.state) || this.finished) return;
    let reason = "the scan pod was deleted before it finished";
    try {
      await this.kc.makeApiClient(CoreV1Api).readNode({ name: node.name });
    } catch (err) {
      if (err instanceof ApiException && err.code === 404) reason = "the node was removed from the cluster during the scan";
    }
    await this.finishNode(node, "FAILED", reason);
  }

  /** A failed container's reason, with kube-bench's own [FAIL] line when it printed one. */
  private async failureReason(pod: V1Pod, reason: string): Promise<string> {
    try {
      const log = await readScanLog(this.kc, pod.metadata!.name!);
      const line = log.split("\n").find((l) => l.includes("[FAIL]"));
      return line ? `${reason}: ${line.trim().slice(0, 300)}` : reason;
    } catch {
      return reason;
    }
  }

  private async collect(node: ScanNode, pod: V1Pod) {
    let text: string;
    try {
      text = await readScanLog(this.kc, pod.metadata!.name!);
    } catch (err) {
      await this.finishNode(node, "FAILED", `could not read the scan output: ${describeK8sError(err)}`);
      return;
    }
    try {
      const parsed = parseKubeBenchOutput(text);
      await ensureDefinitions(this.benchmark, parsed.checks, this.defs);
      await storeNodeResults(this.scan.id, node.id, parsed.checks, this.defs);
      await this.finishNode(node, "SUCCEEDED", null);
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      await this.finishNode(node, "FAILED", `malformed kube-bench output: ${err.message}`);
    }
  }

  private async updateNode(node: ScanNode, data: Partial<ScanNode>) {
    const updated = await db.scanNode.update({ where: { id: node.id }, data });
    this.nodes.set(node.name, updated);
  }

  private async finishNode(node: ScanNode, state: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "CANCELLED", reason: string | null) {
    await this.updateNode(node, { state, reason, finishedAt: new Date(), startedAt: node.startedAt ?? new Date() });
  }

  /** Stops working on the scan without ending it (worker shutdown): its lease lapses and another worker resumes it. */
  async abandon() {
    this.finished = true;
    await this.informer?.stop().catch(() => {});
  }

  private async waitForEnd() {
    for (;;) {
      if (this.finished) return;
      if (!this.pendingNodes().length) return this.complete("done");
      const fresh = await db.scan.findUnique({ where: { id: this.scan.id }, select: { cancelRequested: true, leaseOwner: true, state: true } });
      if (!fresh || fresh.leaseOwner !== this.opts.workerId || (fresh.state !== "RUNNING" && fresh.state !== "PENDING")) {
        this.finished = true; // deleted, taken over, or ended elsewhere
        return;
      }
      if (fresh.cancelRequested) return this.complete("cancelled");
      if (this.scan.deadlineAt && Date.now() >= this.scan.deadlineAt.getTime()) return this.complete("deadline");
      // Pods stuck in Pending produce no further events: re-evaluate them from the informer's cache.
      for (const pod of this.informer?.list() ?? []) if (podOutcome(pod).kind === "pending") void this.serially(pod, () => this.onPod(pod));
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
  }

  private async complete(why: "done" | "cancelled" | "deadline") {
    this.finished = true;
    await this.informer?.stop().catch(() => {});
    await Promise.all(this.queues.values());
    const unfinished = this.pendingNodes();
    for (const node of unfinished) {
      if (why === "cancelled") await this.finishNode(node, "CANCELLED", "the scan was cancelled");
      else await this.finishNode(node, "TIMED_OUT", `no result before the scan's deadline (${formatDuration(this.scan.timeoutSeconds)})`);
    }
    const warnings = [...((this.scan.warnings as string[]) ?? [])];
    try {
      await deleteScanObjects(this.kc, this.scan.id);
    } catch (err) {
      warnings.push(`Could not delete every scan Job and pod in namespace ${SCAN_NAMESPACE}: ${describeK8sError(err)}`);
    }
    const nodes = [...this.nodes.values()];
    const missing = nodes.filter((n) => n.state !== "SUCCEEDED" && n.state !== "NOT_SCANNED");
    if (missing.length && why !== "cancelled") {
      warnings.push(`${missing.length} node(s) did not report results: ${preview(missing.map((n) => `${n.name} (${n.reason ?? n.state.toLowerCase()})`))}`);
    }
    const counts = await buildReport(this.scan.id, this.scan.benchmarkId, skipRulesOf(this.scan.skips as unknown as SkipSnapshot));
    const succeeded = nodes.some((n) => n.state === "SUCCEEDED");
    const state = why === "cancelled" ? "CANCELLED" : succeeded ? "COMPLETED" : "FAILED";
    await db.scan.update({
      where: { id: this.scan.id },
      data: {
        ...counts,
        state,
        warnings,
        error: state === "FAILED" ? "No node produced results." : null,
        finishedAt: new Date(),
        leaseOwner: null,
        leaseUntil: null,
      },
    });
    this.opts.log(`scan ${this.scan.id}: ${state.toLowerCase()} (${why})`);
    await onScanFinished(this.scan.id);
  }

  private async fail(err: unknown) {
    this.finished = true;
    const message = describeK8sError(err);
    this.opts.log(`scan ${this.scan.id} failed: ${message}`);
    if (this.kc) await deleteScanObjects(this.kc, this.scan.id).catch(() => {});
    await db.scanNode.updateMany({
      where: { scanId: this.scan.id, state: { in: ["PENDING", "RUNNING"] } },
      data: { state: "FAILED", reason: "the scan stopped with an error", finishedAt: new Date() },
    });
    await db.scan
      .update({
        where: { id: this.scan.id },
        data: { state: "FAILED", error: message, finishedAt: new Date(), leaseOwner: null, leaseUntil: null },
      })
      .catch(() => {});
    await onScanFinished(this.scan.id);
  }
}

type FinishedHook = (scanId: string) => Promise<void>;
const finishedHooks: FinishedHook[] = [];

/** Lets later features (alerts, retention) react to a scan's end without the runner knowing them. */
export function onScanFinishedHook(hook: FinishedHook) {
  finishedHooks.push(hook);
}

async function onScanFinished(scanId: string) {
  for (const hook of finishedHooks) await hook(scanId).catch((err) => console.error(`[scans] after-scan hook failed for ${scanId}:`, err));
}

/** Extends this worker's lease; false when the scan is no longer this worker's. */
async function renewLease(scanId: string, workerId: string, leaseMs: number): Promise<boolean> {
  const renewed = await db.scan.updateMany({
    where: { id: scanId, leaseOwner: workerId, state: { in: ["PENDING", "RUNNING"] } },
    data: { leaseUntil: new Date(Date.now() + leaseMs) },
  });
  return renewed.count > 0;
}

/** Claims one scan that needs a worker: new, or running under an expired lease (its worker died). */
export async function claimScan(workerId: string, leaseMs: number, runningHere: string[] = []): Promise<Scan | null> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Scan" SET "leaseOwner" = ${workerId}, "leaseUntil" = now() + (${leaseMs} * interval '1 millisecond')
    WHERE "id" = (
      SELECT "id" FROM "Scan"
      WHERE "state" IN ('PENDING', 'RUNNING') AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
        AND NOT ("id" = ANY(${runningHere}::text[]))
      ORDER BY "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED
    )
    RETURNING "id"`;
  return rows[0] ? db.scan.findUnique({ where: { id: rows[0].id } }) : null;
}

export function newWorkerId() {
  return `${process.pid}-${randomUUID().slice(0, 8)}`;
}

class Semaphore {
  private waiting: (() => void)[] = [];
  constructor(private free: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

function preview(items: string[], max = 10) {
  return items.length > max ? `${items.slice(0, max).join(", ")} and ${items.length - max} more` : items.join(", ");
}

export function formatDuration(seconds: number) {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

