import { describe, expect, it } from "vitest";
import { aggregate, compareChecks, countStates, numericSortKey, type CheckInput, type NodeInput, type ResultInput } from "../aggregate";
import { USER_SKIP_REASON } from "../skips";

const cp: NodeInput = { id: 1, roles: ["controlplane"], scanned: true };
const etcd: NodeInput = { id: 2, roles: ["etcd"], scanned: true };
const w1: NodeInput = { id: 3, roles: ["worker"], scanned: true };
const w2: NodeInput = { id: 4, roles: ["worker"], scanned: true };
const win: NodeInput = { id: 5, roles: ["worker"], scanned: false };
const nodes = [cp, etcd, w1, w2, win];

const chk = (key: number, checkId: string, nodeTypes: CheckInput["nodeTypes"], extra: Partial<CheckInput> = {}): CheckInput => ({
  key,
  checkId,
  nodeTypes,
  scored: true,
  type: "",
  ...extra,
});
const res = (key: number, nodeId: number, status: ResultInput["status"]): ResultInput => ({ key, nodeId, status });
const none = { notApplicable: [], profile: [], user: [] };

describe("aggregate", () => {
  it("passes, fails or warns when every expected node agrees", () => {
    const rows = aggregate(
      [chk(1, "2.1.1", ["worker"]), chk(2, "2.1.2", ["worker"]), chk(3, "2.1.3", ["worker"])],
      nodes,
      [res(1, 3, "PASS"), res(1, 4, "PASS"), res(2, 3, "FAIL"), res(2, 4, "FAIL"), res(3, 3, "WARN"), res(3, 4, "WARN")],
      none,
    );
    expect(rows.map((r) => [r.checkId, r.state])).toEqual([["2.1.1", "PASS"], ["2.1.2", "FAIL"], ["2.1.3", "WARN"]]);
    expect(rows[0]).toMatchObject({ nodes: [3, 4], passed: [3, 4], failed: [] });
    expect(rows[1]).toMatchObject({ nodes: [3, 4], passed: [], failed: [3, 4] });
  });

  it("is mixed when nodes disagree", () => {
    const [row] = aggregate([chk(1, "2.1.1", ["worker"])], nodes, [res(1, 3, "PASS"), res(1, 4, "FAIL")], none);
    expect(row).toMatchObject({ state: "MIXED", passed: [3], failed: [4], nodes: [3, 4] });
  });

  it("is mixed when an expected node reported nothing, even if the others agree", () => {
    const [row] = aggregate([chk(1, "2.1.1", ["worker"])], nodes, [res(1, 3, "PASS")], none);
    expect(row).toMatchObject({ state: "MIXED", passed: [3], failed: [], nodes: [3, 4] });
  });

  it("expects a check only on nodes whose role runs it; nodes not scanned are not expected", () => {
    const rows = aggregate(
      [chk(1, "1.1.1", ["controlplane"]), chk(2, "1.5.1", ["etcd"]), chk(3, "1.4.19", ["controlplane", "etcd"])],
      nodes,
      [res(1, 1, "PASS"), res(2, 2, "FAIL"), res(3, 1, "PASS"), res(3, 2, "PASS")],
      none,
    );
    expect(rows.map((r) => [r.checkId, r.state, r.nodes])).toEqual([
      ["1.1.1", "PASS", [1]],
      ["1.5.1", "FAIL", [2]],
      ["1.4.19", "PASS", [1, 2]],
    ]);
  });

  it("leaves out not-scored checks and checks no node type runs", () => {
    const rows = aggregate(
      [chk(1, "2.1.1", ["worker"], { scored: false }), chk(2, "1.1.1", ["controlplane"])],
      [w1],
      [res(1, 3, "WARN")],
      none,
    );
    expect(rows).toEqual([]);
  });

  it("applies not applicable, then profile skip, then user skip, whatever the results", () => {
    const checks = [chk(1, "1.1.9", ["controlplane"]), chk(2, "1.1.11", ["controlplane"]), chk(3, "1.1.12", ["controlplane"]), chk(4, "1.1.13", ["controlplane"], { type: "skip" })];
    const rules = {
      notApplicable: [{ id: "1.1.9", reason: "removed in 1.14" }],
      profile: [{ id: "1.1.9", reason: "profile" }, { id: "1.1.11", reason: "bandwidth" }],
      user: ["1.1.9", "1.1.11", "1.1.12"],
    };
    const rows = aggregate(checks, [cp], [res(1, 1, "FAIL"), res(2, 1, "FAIL"), res(3, 1, "FAIL"), res(4, 1, "INFO")], rules);
    expect(rows.map((r) => [r.checkId, r.state, r.skipSource, r.reason])).toEqual([
      ["1.1.9", "NOT_APPLICABLE", "not_applicable", "removed in 1.14"],
      ["1.1.11", "SKIP", "profile", "bandwidth"],
      ["1.1.12", "SKIP", "user", USER_SKIP_REASON],
      ["1.1.13", "NOT_APPLICABLE", "not_applicable", "Marked as skip by the benchmark."],
    ]);
    // Skipped checks still say where they ran and how they fared.
    expect(rows[1]).toMatchObject({ nodes: [1], failed: [1] });
  });

  it("counts mixed as a failure", () => {
    const counts = countStates([{ state: "PASS" }, { state: "FAIL" }, { state: "MIXED" }, { state: "SKIP" }, { state: "NOT_APPLICABLE" }, { state: "WARN" }]);
    expect(counts).toEqual({ total: 6, pass: 1, fail: 2, mixed: 1, warn: 1, skip: 1, notApplicable: 1 });
  });

  it("sorts by severity, then by numeric id", () => {
    expect(numericSortKey("1.2.10") > numericSortKey("1.2.9")).toBe(true);
    expect(numericSortKey("1.1.37a") > numericSortKey("1.1.37")).toBe(true);
    expect(numericSortKey("1.1.37b") < numericSortKey("1.1.38")).toBe(true);
    const rows = [
      { state: "PASS" as const, checkId: "1.2.10" },
      { state: "PASS" as const, checkId: "1.2.9" },
      { state: "NOT_APPLICABLE" as const, checkId: "1.1.1" },
      { state: "MIXED" as const, checkId: "2.1.1" },
      { state: "FAIL" as const, checkId: "3.1.1" },
      { state: "SKIP" as const, checkId: "1.1.2" },
      { state: "WARN" as const, checkId: "1.1.3" },
    ].sort(compareChecks);
    expect(rows.map((r) => `${r.state} ${r.checkId}`)).toEqual([
      "FAIL 3.1.1",
      "MIXED 2.1.1",
      "WARN 1.1.3",
      "PASS 1.2.9",
      "PASS 1.2.10",
      "SKIP 1.1.2",
      "NOT_APPLICABLE 1.1.1",
    ]);
  });
});
