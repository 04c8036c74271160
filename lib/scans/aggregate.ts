import type { NodeRole } from "@/lib/k8s/nodes";
import type { SkipEntry } from "@/lib/profiles";
import type { CheckStatus } from "./parse";
import { USER_SKIP_REASON, type SkipSource } from "./skips";

// From per-node results to one report row per check (how Rancher's CIS report reads, without its limits):
//   not applicable  > profile skip > user skip > pass / fail / warn when every expected node agrees,
//   otherwise mixed (nodes disagree, or a node that should have reported the check did not).
// Not-scored checks are left out. The expected nodes of a check are the scanned nodes whose role runs
// the check's node type.

export type CheckState = "FAIL" | "MIXED" | "WARN" | "PASS" | "SKIP" | "NOT_APPLICABLE";

export const STATE_ORDER: CheckState[] = ["FAIL", "MIXED", "WARN", "PASS", "SKIP", "NOT_APPLICABLE"];

export interface CheckInput {
  key: number;
  checkId: string;
  /** Node types (roles) whose kube-bench targets run this check. */
  nodeTypes: NodeRole[];
  scored: boolean;
  type: string;
}

export interface NodeInput {
  id: number;
  roles: NodeRole[];
  /** False for nodes that were never to be scanned (Windows). */
  scanned: boolean;
}

export interface ResultInput {
  key: number;
  nodeId: number;
  status: CheckStatus;
}

export interface SkipRules {
  notApplicable: SkipEntry[];
  profile: SkipEntry[];
  user: string[];
}

export interface AggregatedCheck {
  key: number;
  checkId: string;
  state: CheckState;
  reason: string | null;
  skipSource: SkipSource | null;
  nodes: number[];
  passed: number[];
  failed: number[];
}


export function aggregate(checks: CheckInput[], nodes: NodeInput[], results: Iterable<ResultInput>, skips: SkipRules): AggregatedCheck[] {
  const na = new Map(skips.notApplicable.map((s) => [s.id, s.reason]));
  const profileSkips = new Map(skips.profile.map((s) => [s.id, s.reason]));
  const userSkips = new Set(skips.user);
  const expectedByType = new Map<NodeRole, number[]>();
  for (const node of nodes) {
    if (!node.scanned) continue;
    for (const role of node.roles) {
      if (!expectedByType.has(role)) expectedByType.set(role, []);
      expectedByType.get(role)!.push(node.id);
    }
  }
  const byCheck = new Map<number, Map<number, CheckStatus>>();
  for (const r of results) {
    let m = byCheck.get(r.key);
    if (!m) byCheck.set(r.key, (m = new Map()));
    m.set(r.nodeId, r.status);
  }
  const out: AggregatedCheck[] = [];
  for (const check of checks) {
    if (!check.scored) continue;
    const expected = [...new Set(check.nodeTypes.flatMap((t) => expectedByType.get(t) ?? []))];
    const reported = byCheck.get(check.key) ?? new Map<number, CheckStatus>();
    const nodesRun = expected.length ? expected : [...reported.keys()];
    if (!nodesRun.length) continue;
    const passed = nodesRun.filter((n) => reported.get(n) === "PASS");
    const failed = nodesRun.filter((n) => reported.get(n) === "FAIL");
    const row = { key: check.key, checkId: check.checkId, nodes: nodesRun, passed, failed };
    if (na.has(check.checkId) || check.type === "skip") {
      out.push({ ...row, state: "NOT_APPLICABLE", reason: na.get(check.checkId) ?? "Marked as skip by the benchmark.", skipSource: "not_applicable" });
    } else if (profileSkips.has(check.checkId)) {
      out.push({ ...row, state: "SKIP", reason: profileSkips.get(check.checkId)!, skipSource: "profile" });
    } else if (userSkips.has(check.checkId)) {
      out.push({ ...row, state: "SKIP", reason: USER_SKIP_REASON, skipSource: "user" });
    } else {
      out.push({ ...row, state: agreedState(nodesRun, reported), reason: null, skipSource: null });
    }
  }
  return out;
}

function agreedState(nodes: number[], reported: Map<number, CheckStatus>): CheckState {
  const first = reported.get(nodes[0]);
  if (!first || !nodes.every((n) => reported.get(n) === first)) return "MIXED";
  if (first === "PASS") return "PASS";
  if (first === "FAIL") return "FAIL";
  if (first === "WARN") return "WARN";
  return "SKIP"; // INFO: kube-bench itself skipped it on every node
}

/** "1.2.10" → "0001.0002.0010", so that ids sort numerically as text. */
export function numericSortKey(id: string): string {
  return id
    .split(".")
    .map((p) => p.replace(/^\d+/, (digits) => digits.padStart(4, "0")))
    .join(".");
}

export function compareChecks(a: { state: CheckState; checkId: string }, b: { state: CheckState; checkId: string }): number {
  return STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) || numericSortKey(a.checkId).localeCompare(numericSortKey(b.checkId));
}

export interface Counts {
  total: number;
  pass: number;
  fail: number;
  mixed: number;
  warn: number;
  skip: number;
  notApplicable: number;
}

/** Report counts; "fail" includes mixed checks (a mixed check is a failure somewhere). */
export function countStates(checks: { state: CheckState }[]): Counts {
  const c: Counts = { total: checks.length, pass: 0, fail: 0, mixed: 0, warn: 0, skip: 0, notApplicable: 0 };
  for (const { state } of checks) {
    if (state === "PASS") c.pass++;
    else if (state === "FAIL") c.fail++;
    else if (state === "MIXED") {
      c.mixed++;
      c.fail++;
    } else if (state === "WARN") c.warn++;
    else if (state === "SKIP") c.skip++;
    else c.notApplicable++;
  }
  return c;
}
