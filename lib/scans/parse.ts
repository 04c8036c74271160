// Parses what kube-bench prints with --json, in the three shapes it has used:
//   current (v0.5.0+):   {"Controls": [Controls...], "Totals": {...}}
//   array (v0.3.1-0.4):  [Controls...]            (also today's --nototals)
//   lines (< v0.3.1):    one Controls object per target, each on its own line
// Anything else is a ParseError whose message says what is wrong, so that one node's bad output fails
// that node, not the scan.

export type CheckStatus = "PASS" | "FAIL" | "WARN" | "INFO";

export interface ParsedCheck {
  id: string;
  description: string;
  remediation: string;
  /** Controls.node_type as kube-bench printed it (master, etcd, node, controlplane, policies, ...). */
  nodeType: string;
  section: string;
  status: CheckStatus;
  scored: boolean;
  /** kube-bench's check type: "" (automated), "manual" or "skip". */
  type: string;
  actualValue: string | null;
}

export interface ParsedOutput {
  shape: "current" | "array" | "lines";
  benchmarkVersion: string | null;
  checks: ParsedCheck[];
}

export class ParseError extends Error {}

const STATUSES = new Set(["PASS", "FAIL", "WARN", "INFO"]);

export function parseKubeBenchOutput(text: string): ParsedOutput {
  const trimmed = text.trim();
  if (!trimmed) throw new ParseError("kube-bench printed nothing");
  let shape: ParsedOutput["shape"];
  let controls: unknown[];
  const whole = tryJson(trimmed);
  if (whole.ok && Array.isArray(whole.value)) {
    shape = "array";
    controls = whole.value;
  } else if (whole.ok && isObj(whole.value) && Array.isArray(whole.value.Controls)) {
    shape = "current";
    controls = whole.value.Controls;
  } else if (whole.ok && isObj(whole.value) && Array.isArray(whole.value.tests)) {
    shape = "lines";
    controls = [whole.value];
  } else if (whole.ok) {
    throw new ParseError("the output is JSON but not kube-bench's: no Controls");
  } else {
    // One JSON object per line (old kube-bench); other lines are not JSON at all.
    const lines = trimmed.split(/\r?\n/).filter((l) => l.trim().startsWith("{"));
    if (!lines.length) throw new ParseError(`the output is not kube-bench JSON (${whole.error})`);
    controls = lines.map((line, i) => {
      const parsed = tryJson(line);
      if (!parsed.ok) throw new ParseError(`line ${i + 1} of the output is not valid JSON (${parsed.error})`);
      return parsed.value;
    });
    shape = "lines";
  }
  if (!controls.length) throw new ParseError("the output has no Controls");
  const checks: ParsedCheck[] = [];
  const seen = new Set<string>();
  let benchmarkVersion: string | null = null;
  controls.forEach((c, ci) => {
    if (!isObj(c) || !Array.isArray(c.tests)) throw new ParseError(`Controls[${ci}] has no tests`);
    const nodeType = str(c.node_type) || str(c.type);
    if (!nodeType) throw new ParseError(`Controls[${ci}] has no node_type`);
    benchmarkVersion ??= str(c.version) || null;
    c.tests.forEach((g, gi) => {
      if (!isObj(g) || !Array.isArray(g.results)) throw new ParseError(`Controls[${ci}].tests[${gi}] has no results`);
      for (const r of g.results) {
        if (!isObj(r)) throw new ParseError(`a result in section ${str(g.section)} is not an object`);
        const id = str(r.test_number);
        const status = str(r.status).toUpperCase();
        if (!id) throw new ParseError(`a result in section ${str(g.section)} has no test_number`);
        if (!STATUSES.has(status)) throw new ParseError(`check ${id} has an unknown status "${str(r.status)}"`);
        if (seen.has(id)) continue;
        seen.add(id);
        const description = str(r.test_desc);
        checks.push({
          id,
          description,
          remediation: str(r.remediation),
          nodeType,
          section: [str(g.section), str(g.desc)].filter(Boolean).join(" "),
          status: status as CheckStatus,
          scored: typeof r.scored === "boolean" ? r.scored : !/\((Not Scored|Manual)\)\s*$/i.test(description),
          type: str(r.type),
          actualValue: r.actual_value === undefined || r.actual_value === null ? null : String(r.actual_value),
        });
      }
    });
  });
  if (!checks.length) throw new ParseError("the output has no check results");
  return { shape, benchmarkVersion, checks };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));

function tryJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}
