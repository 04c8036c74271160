// kube-bench's evaluation of a check's tests against its audit output (check/test.go semantics):
// flag lookup by substring, value after '=' or ': ', bool flags = "true", compares, and/or, expected_result text.
import type { TestItem, Tests } from "./types";

export interface TestsOutcome {
  pass: boolean;
  expected: string;
}

const flagReCache = new Map<string, RegExp>();
function flagRe(flag: string): RegExp {
  let re = flagReCache.get(flag);
  if (!re) {
    const esc = flag.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    re = new RegExp(`(${esc})(=|: *)*([^\\s]*) *`);
    flagReCache.set(flag, re);
  }
  return re;
}

function findValue(t: TestItem, s: string): { match: boolean; value: string } {
  if (s === "" || t.flag === "") return { match: false, value: "" };
  if (!s.includes(t.flag)) return { match: false, value: "" };
  const m = flagRe(t.flag).exec(s);
  if (!m) return { match: true, value: "" };
  if (m[3]) return { match: true, value: m[3] };
  return { match: true, value: t.flag.startsWith("--") ? "true" : (m[1] ?? "") };
}

function toInt(s: string): number | null {
  return /^[+-]?\d+$/.test(s) ? Number.parseInt(s, 10) : null;
}

function compare(op: string, flagVal: string, want: string, flag: string): { ok: boolean; expected: string } {
  switch (op) {
    case "eq": {
      const v = flagVal.toLowerCase();
      const ok = v === "true" || v === "false" ? v === want : flagVal === want;
      return { ok, expected: `'${flag}' is equal to '${want}'` };
    }
    case "noteq": {
      const v = flagVal.toLowerCase();
      const ok = v === "true" || v === "false" ? v !== want : flagVal !== want;
      return { ok, expected: `'${flag}' is not equal to '${want}'` };
    }
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const a = toInt(flagVal);
      const b = toInt(want);
      const words = { gt: "is greater than", gte: "is greater or equal to", lt: "is lower than", lte: "is lower or equal to" }[op];
      let ok = false;
      if (a !== null && b !== null) ok = op === "gt" ? a > b : op === "gte" ? a >= b : op === "lt" ? a < b : a <= b;
      return { ok, expected: `'${flag}' ${words} ${want}` };
    }
    case "has":
      return { ok: flagVal.includes(want), expected: `'${flag}' has '${want}'` };
    case "nothave":
      return { ok: !flagVal.includes(want), expected: `'${flag}' does not have '${want}'` };
    default:
      return { ok: false, expected: "" };
  }
}

function evalItem(t: TestItem, s: string): TestsOutcome {
  const { match, value } = findValue(t, s);
  if (t.set) {
    if (match && t.compare) {
      const r = compare(t.compare.op, value, t.compare.value, t.flag);
      return { pass: r.ok, expected: r.expected };
    }
    return { pass: match, expected: `'${t.flag}' is present` };
  }
  return { pass: !match, expected: `'${t.flag}' is not present` };
}

export function evaluateTests(tests: Tests, output: string): TestsOutcome {
  const rs = tests.test_items.map((t) => evalItem(t, output));
  const expected = rs.map((r) => r.expected);
  if (tests.bin_op === "or") return { pass: rs.some((r) => r.pass), expected: expected.join(" OR ") };
  return { pass: rs.every((r) => r.pass), expected: expected.join(" AND ") };
}
