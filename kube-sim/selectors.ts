// Label selectors (=, ==, !=, in, notin, exists, !exists, gt, lt) and field selectors, as the API server parses them.
import { badRequest } from "./errors";
import type { KObject } from "./types";

export type LabelReq =
  | { key: string; op: "=" | "!="; value: string }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "exists" | "!exists" }
  | { key: string; op: "gt" | "lt"; value: number };

export type LabelSelector = LabelReq[];

const KEY_RE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkKey(k: string, sel: string) {
  if (!KEY_RE.test(k)) throw badRequest(`unable to parse requirement: <nil>: Invalid value: "${k}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`);
  void sel;
}
function checkValue(v: string) {
  if (!VALUE_RE.test(v) || v.length > 63) throw badRequest(`unable to parse requirement: values[0][${v}]: Invalid value: "${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
}

/** Split on commas that are not inside parentheses. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0, cur = "";
  for (const ch of s) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) { out.push(cur); cur = ""; } else cur += ch;
  }
  out.push(cur);
  return out;
}

export function parseLabelSelector(s: string | undefined | null): LabelSelector {
  if (!s || !s.trim()) return [];
  const reqs: LabelSelector = [];
  for (const raw of splitTop(s)) {
    const part = raw.trim();
    if (!part) throw badRequest(`unable to parse requirement: found '', expected: identifier`);
    let m: RegExpMatchArray | null;
    if ((m = part.match(/^(\S+?)\s+(in|notin)\s*\(([^)]*)\)$/))) {
      checkKey(m[1], s);
      const values = m[3].split(",").map((v) => v.trim());
      values.forEach(checkValue);
      reqs.push({ key: m[1], op: m[2] as "in" | "notin", values });
    } else if ((m = part.match(/^!\s*(\S+)$/))) {
      checkKey(m[1], s);
      reqs.push({ key: m[1], op: "!exists" });
    } else if ((m = part.match(/^([^=!<>\s]+)\s*(==|=|!=)\s*(\S*)$/))) {
      checkKey(m[1], s);
      checkValue(m[3]);
      reqs.push({ key: m[1], op: m[2] === "!=" ? "!=" : "=", value: m[3] });
    } else if ((m = part.match(/^([^=!<>\s]+)\s*(<|>)\s*(-?\d+)$/))) {
      checkKey(m[1], s);
      reqs.push({ key: m[1], op: m[2] === ">" ? "gt" : "lt", value: Number(m[3]) });
    } else if (/^[^=!<>\s(),]+$/.test(part)) {
      checkKey(part, s);
      reqs.push({ key: part, op: "exists" });
    } else {
      throw badRequest(`unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }
  return reqs;
}

export function matchLabels(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels || {};
  for (const r of sel) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case "=": if (!has || v !== r.value) return false; break;
      case "!=": if (has && v === r.value) return false; break;
      case "in": if (!has || !r.values.includes(v)) return false; break;
      case "notin": if (has && r.values.includes(v)) return false; break;
      case "exists": if (!has) return false; break;
      case "!exists": if (has) return false; break;
      case "gt": if (!has || !(Number(v) > r.value)) return false; break;
      case "lt": if (!has || !(Number(v) < r.value)) return false; break;
    }
  }
  return true;
}

/** metav1.LabelSelector (matchLabels + matchExpressions) -> requirements. */
export function fromLabelSelectorObject(sel: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined): LabelSelector {
  const out: LabelSelector = [];
  if (!sel) return out;
  for (const [k, v] of Object.entries(sel.matchLabels || {})) out.push({ key: k, op: "=", value: v });
  for (const e of sel.matchExpressions || []) {
    const op = e.operator.toLowerCase();
    if (op === "in" || op === "notin") out.push({ key: e.key, op, values: e.values || [] });
    else if (op === "exists") out.push({ key: e.key, op: "exists" });
    else if (op === "doesnotexist") out.push({ key: e.key, op: "!exists" });
  }
  return out;
}

export function labelSelectorString(sel: LabelSelector): string {
  return sel.map((r) => {
    switch (r.op) {
      case "=": return `${r.key}=${r.value}`;
      case "!=": return `${r.key}!=${r.value}`;
      case "in": case "notin": return `${r.key} ${r.op} (${r.values.join(",")})`;
      case "exists": return r.key;
      case "!exists": return `!${r.key}`;
      case "gt": return `${r.key}>${r.value}`;
      case "lt": return `${r.key}<${r.value}`;
    }
  }).join(",");
}

export interface FieldReq { field: string; op: "=" | "!="; value: string }
export type FieldSelector = FieldReq[];

export function parseFieldSelector(s: string | undefined | null, allowed: string[]): FieldSelector {
  if (!s || !s.trim()) return [];
  const out: FieldSelector = [];
  for (const raw of s.split(",")) {
    const part = raw.trim();
    const m = part.match(/^([^=!]+?)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    const field = m[1].trim();
    if (field !== "metadata.name" && field !== "metadata.namespace" && !allowed.includes(field))
      throw badRequest(`field label not supported: ${field}`);
    out.push({ field, op: m[2] === "!=" ? "!=" : "=", value: m[3].replace(/\\(.)/g, "$1") });
  }
  return out;
}

export function fieldValue(obj: KObject, field: string): string {
  let v: any = obj;
  for (const p of field.split(".")) v = v == null ? undefined : v[p];
  if (v === undefined || v === null) return field === "spec.unschedulable" || field === "spec.hostNetwork" ? "false" : "";
  return String(v);
}

export function matchFields(sel: FieldSelector, obj: KObject): boolean {
  for (const r of sel) {
    const v = fieldValue(obj, r.field);
    if (r.op === "=" ? v !== r.value : v === r.value) return false;
  }
  return true;
}
