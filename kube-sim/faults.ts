// Fault registry: node faults (what the kubelet/container do on a node) and API faults (what the HTTP layer does).
import { internalError, tooManyRequests, type ApiError } from "./errors";
import type { FaultSpec, FaultType, NodeFaultType } from "./types";
import { rng } from "./util";

export const NODE_FAULTS: NodeFaultType[] = ["imagePull", "unschedulable", "notReady", "exitError", "malformedJson", "truncatedJson", "hugeOutput", "slow", "deleteMidScan"];
export const API_FAULTS = ["apiError500", "apiError429", "dropWatches", "latencyMs"] as const;
const ALL: FaultType[] = [...NODE_FAULTS, ...API_FAULTS];

export function validateFault(f: unknown): FaultSpec {
  if (!f || typeof f !== "object") throw new Error("fault must be an object");
  const x = f as FaultSpec;
  if (!ALL.includes(x.type)) throw new Error(`unknown fault type "${String(x.type)}" (known: ${ALL.join(", ")})`);
  if (x.type === "latencyMs" && !(typeof x.ms === "number" && x.ms >= 0)) throw new Error("latencyMs needs ms >= 0");
  if (x.probability !== undefined && !(x.probability >= 0 && x.probability <= 1)) throw new Error("probability must be within 0..1");
  if (x.type === "dropWatches" && x.afterEvents === undefined && x.afterMs === undefined) throw new Error("dropWatches needs afterEvents or afterMs");
  return x;
}

export interface ApiFaultEffect { latencyMs: number; error?: ApiError; dropAfterEvents?: number; dropAfterMs?: number }

export class Faults {
  private items: FaultSpec[] = [];
  private seq = 0;
  private random: () => number;
  private listeners: ((f: FaultSpec | undefined) => void)[] = [];
  constructor(seed: string) { this.random = rng(`faults:${seed}`); }

  onChange(l: (f: FaultSpec | undefined) => void) { this.listeners.push(l); }

  set(f: FaultSpec): string {
    const v = validateFault(f);
    const item = { ...v, id: v.id ?? `f${++this.seq}` };
    this.items.push(item);
    for (const l of this.listeners) l(item);
    return item.id!;
  }
  remove(id: string) {
    const i = this.items.findIndex((f) => f.id === id);
    if (i >= 0) { const [f] = this.items.splice(i, 1); for (const l of this.listeners) l(f); }
  }
  clear() { this.items = []; for (const l of this.listeners) l(undefined); }
  list(): FaultSpec[] { return this.items.map((f) => ({ ...f })); }

  /** The node fault of this type that applies to the node, if any. */
  node(nodeName: string, type: NodeFaultType): FaultSpec | undefined {
    return this.items.find((f) => f.type === type && (f.node === undefined || f.node === nodeName));
  }
  has(nodeName: string, type: NodeFaultType) { return this.node(nodeName, type) !== undefined; }

  /** Decide what API faults do to one request; counts down `count`-limited faults. */
  api(req: { method: string; verb: string; path: string }): ApiFaultEffect {
    const eff: ApiFaultEffect = { latencyMs: 0 };
    for (const f of [...this.items]) {
      if (!(API_FAULTS as readonly string[]).includes(f.type)) continue;
      if (f.verb && f.verb.toLowerCase() !== req.verb && f.verb.toUpperCase() !== req.method) continue;
      if (f.path && !(f.path.startsWith("^") ? new RegExp(f.path).test(req.path) : req.path.includes(f.path))) continue;
      if (f.type === "dropWatches" && req.verb !== "watch") continue;
      if (f.type !== "latencyMs" && eff.error) continue;
      if (f.probability !== undefined && this.random() >= f.probability) continue;
      switch (f.type) {
        case "latencyMs": eff.latencyMs += f.ms ?? 0; break;
        case "apiError500": eff.error = internalError("simulated fault: etcdserver: request timed out"); break;
        case "apiError429": eff.error = tooManyRequests(f.retryAfterSeconds ?? 1); break;
        case "dropWatches": eff.dropAfterEvents = f.afterEvents; eff.dropAfterMs = f.afterMs; break;
      }
      if (f.count !== undefined) {
        f.count--;
        if (f.count <= 0) this.remove(f.id!);
      }
    }
    return eff;
  }
}
