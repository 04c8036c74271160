// Simulated kube-bench: produces exactly what `kube-bench run ...` prints inside a pod on a simulated RKE node.
// Pure and deterministic: same input -> byte-identical output. Simulator data only, never used by product code.
//
// Contract (relied on by the cluster simulator): runKubeBench, isKubeBenchImage, benchmarkIds,
// kubeBenchConfigError, and the types below.
import { RKE_CIS_1_4 } from "./benchmarks/rke-cis-1.4";
import { evaluateTests } from "./evaluate";
import {
  buildHost,
  hostPathVisible,
  runsComponent,
  type Component,
  type HostModel,
  type HostMount,
} from "./host";
import type { BenchmarkDef, CheckDef, CheckType, TargetName } from "./types";

export type OutputShape = "current" | "array" | "lines";

export interface KubeBenchRunInput {
  /** The container's command+args, e.g. ["kube-bench","run","--targets","master,etcd","--benchmark","rke-cis-1.4","--json"]. */
  args: string[];
  node: { name: string; roles: string[]; hardened: boolean; failChecks?: string[]; passChecks?: string[] };
  hostPID: boolean;
  mounts: { hostPath: string; mountPath: string }[];
  seed: string;
  shape: OutputShape;
}

export interface KubeBenchRunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export { RKE_CIS_1_4_NOT_APPLICABLE, RKE_CIS_1_4_PERMISSIVE_SKIPS } from "./benchmarks/rke-cis-1.4";

// ------------------------------------------------------------------------------------------------ benchmarks

const BENCHMARKS: Record<string, BenchmarkDef> = { [RKE_CIS_1_4.id]: RKE_CIS_1_4 };
const DEFAULT_BENCHMARK = RKE_CIS_1_4.id;
/** Kubernetes version kube-bench reports as detected_version (v0.5+ output). */
const DETECTED_VERSION = "1.15";

export function benchmarkIds(): string[] {
  return Object.keys(BENCHMARKS);
}

/** Components per target as in the benchmark's config.yaml: mandatory ones gate kube-bench's substitution. */
const TARGET_COMPONENTS: Record<TargetName, { c: Component; bins: string[]; optional?: boolean; bin: string }[]> = {
  master: [
    { c: "apiserver", bin: "kube-apiserver", bins: ["kube-apiserver", "hyperkube apiserver", "hyperkube kube-apiserver", "apiserver"] },
    { c: "scheduler", bin: "kube-scheduler", bins: ["kube-scheduler", "hyperkube scheduler", "hyperkube kube-scheduler", "scheduler"] },
    {
      c: "controllermanager",
      bin: "kube-controller-manager",
      bins: ["kube-controller-manager", "kube-controller", "hyperkube controller-manager", "hyperkube kube-controller-manager", "controller-manager"],
    },
    { c: "etcd", bin: "etcd", bins: ["etcd"], optional: true },
  ],
  node: [
    { c: "kubelet", bin: "kubelet", bins: ["hyperkube kubelet", "kubelet"] },
    { c: "proxy", bin: "kube-proxy", bins: ["kube-proxy", "hyperkube proxy", "hyperkube kube-proxy", "proxy"], optional: true },
  ],
  etcd: [{ c: "etcd", bin: "etcd", bins: ["etcd"] }],
  controlplane: [{ c: "apiserver", bin: "kube-apiserver", bins: ["kube-apiserver", "hyperkube apiserver", "hyperkube kube-apiserver", "apiserver"] }],
  policies: [],
  managedservices: [],
};

/** Config-file substitutions ($<component>conf/svc/kubeconfig/cafile) for RKE nodes. */
const FILE_VARS: [string, string][] = [
  ["$apiserverconf", "/etc/kubernetes/manifests/kube-apiserver.yaml"],
  ["$schedulerconf", "/etc/kubernetes/manifests/kube-scheduler.yaml"],
  ["$controllermanagerconf", "/etc/kubernetes/manifests/kube-controller-manager.yaml"],
  ["$etcdconf", "/etc/kubernetes/manifests/etcd.yaml"],
  ["$kubeletconf", "/var/lib/kubelet/config.yaml"],
  ["$kubeletsvc", "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf"],
  ["$kubeletkubeconfig", "/etc/kubernetes/ssl/kubecfg-kube-node.yaml"],
  ["$kubeletcafile", "/etc/kubernetes/ssl/kube-ca.pem"],
  ["$proxykubeconfig", "/etc/kubernetes/ssl/kubecfg-kube-proxy.yaml"],
];

function substitute(s: string, pairs: [string, string][]): string {
  let out = s;
  for (const [k, v] of pairs) if (out.includes(k)) out = out.split(k).join(v);
  return out;
}

type Probe =
  | { kind: "none" }
  | { kind: "ps"; component: Component; header: boolean }
  | { kind: "encryption" }
  | { kind: "dirscript"; dir: string }
  | { kind: "stat"; path: string; shown: string; fmt: "%a" | "%U:%G"; guarded: boolean }
  | { kind: "kubectl" };

interface CompiledCheck {
  def: CheckDef;
  groupId: string;
  probe: Probe;
  /** [with binaries substituted, without] */
  text: [string, string];
  audit: [string, string];
  remediation: [string, string];
}

interface CompiledTarget {
  target: TargetName;
  id: string;
  text: string;
  groups: { id: string; text: string; checks: CompiledCheck[] }[];
}

function classify(audit: string): Probe {
  const a = audit.trim();
  if (a === "" || a.includes("<path/to/")) return { kind: "none" };
  if (a.includes("kubectl")) return { kind: "kubectl" };
  if (a.startsWith("check_encryption_provider_config.sh")) return { kind: "encryption" };
  const script = /^check_files_(?:owner_in_dir|permissions)\.sh\s+(\S+)/.exec(a);
  if (script?.[1]) {
    let p = script[1].replace(/^\/node(?=\/)/, "");
    if (/[*!(]/.test(p)) p = p.slice(0, p.lastIndexOf("/"));
    return { kind: "dirscript", dir: p };
  }
  const guarded = /if test -e (\S+); then stat -c (%a|%U:%G) \S+; fi/.exec(a);
  if (guarded?.[1] && guarded[2]) {
    return { kind: "stat", shown: guarded[1], path: guarded[1].replace(/^\/node(?=\/)/, ""), fmt: guarded[2] as "%a" | "%U:%G", guarded: true };
  }
  const raw = /^stat -c (%a|%U:%G) (\S+)$/.exec(a);
  if (raw?.[1] && raw[2]) {
    return { kind: "stat", shown: raw[2], path: raw[2].replace(/^\/node(?=\/)/, ""), fmt: raw[1] as "%a" | "%U:%G", guarded: false };
  }
  const ps = /\$(apiserver|scheduler|controllermanager|etcd|kubelet|proxy)bin/.exec(a);
  if (ps?.[1]) return { kind: "ps", component: ps[1] as Component, header: a.startsWith("ps -fC") };
  return { kind: "none" };
}

function compileTarget(b: BenchmarkDef, target: TargetName): CompiledTarget | null {
  const def = b.controls[target];
  if (!def) return null;
  const comps = TARGET_COMPONENTS[target];
  const binPairs: [string, string][] = comps.map((c) => [`$${c.c}bin`, c.bin]);
  const variants = (s: string): [string, string] => {
    const files = substitute(s, FILE_VARS);
    return [substitute(files, binPairs), files];
  };
  return {
    target,
    id: def.id,
    text: def.text,
    groups: def.groups.map((g) => ({
      id: g.id,
      text: g.text,
      checks: g.checks.map((c) => {
        const audit = variants(c.audit);
        return {
          def: c,
          groupId: g.id,
          probe: classify(audit[1]),
          text: variants(c.text),
          audit,
          remediation: variants(c.remediation),
        };
      }),
    })),
  };
}

const compiled = new Map<string, CompiledTarget | null>();
function getCompiled(b: BenchmarkDef, target: TargetName): CompiledTarget | null {
  const key = `${b.id}/${target}`;
  if (!compiled.has(key)) compiled.set(key, compileTarget(b, target));
  return compiled.get(key) ?? null;
}

// ------------------------------------------------------------------------------------------------ args

interface ParsedArgs {
  subcommand: "run" | "auto" | "legacy";
  targets: string[];
  benchmark?: string;
  json: boolean;
  noTotals: boolean;
  skip: Set<string>;
  checks: Set<string>;
  groups: Set<string>;
  exitCode: number;
  noResults: boolean;
  noRemediations: boolean;
  noSummary: boolean;
}

const BOOL_FLAGS = new Set([
  "json", "nototals", "noresults", "noremediations", "nosummary", "scored", "unscored", "include-test-output",
  "asff", "junit", "pgsql", "logtostderr", "alsologtostderr", "help", "h",
]);
const VALUE_FLAGS = new Set([
  "targets", "s", "benchmark", "skip", "outputfile", "check", "c", "group", "g", "exit-code", "config", "config-dir", "D",
  "version", "v", "stderrthreshold", "log_dir", "vmodule", "log_backtrace_at", "log_file", "log_file_max_size",
]);
const SHELL_STOP = new Set([";", "&&", "||", "|", ">", ">>", "2>", "2>&1", "&"]);

function tokenize(args: string[]): string[] {
  const toks: string[] = [];
  for (const a of args) {
    if (/\s/.test(a)) for (const t of a.trim().split(/\s+/)) toks.push(t.replace(/^["']|["']$/g, ""));
    else toks.push(a);
  }
  const i = toks.findIndex((t) => t === "kube-bench" || t.endsWith("/kube-bench"));
  let rest = i >= 0 ? toks.slice(i + 1) : toks;
  const stop = rest.findIndex((t) => SHELL_STOP.has(t) || t.startsWith(">"));
  if (stop >= 0) rest = rest.slice(0, stop);
  return rest;
}

function csv(v: string): string[] {
  return v.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

function parseArgs(args: string[]): ParsedArgs | { error: string } {
  const toks = tokenize(args);
  const p: ParsedArgs = {
    subcommand: "auto", targets: [], json: false, noTotals: false, skip: new Set(), checks: new Set(), groups: new Set(),
    exitCode: 0, noResults: false, noRemediations: false, noSummary: false,
  };
  let sawCommand = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as string;
    if (t.startsWith("-") && t !== "-") {
      const body = t.replace(/^--?/, "");
      const eq = body.indexOf("=");
      const name = eq >= 0 ? body.slice(0, eq) : body;
      let value: string | undefined = eq >= 0 ? body.slice(eq + 1) : undefined;
      if (BOOL_FLAGS.has(name)) {
        const on = value === undefined ? true : value.toLowerCase() !== "false";
        if (name === "json") p.json = on;
        else if (name === "nototals") p.noTotals = on;
        else if (name === "noresults") p.noResults = on;
        else if (name === "noremediations") p.noRemediations = on;
        else if (name === "nosummary") p.noSummary = on;
        continue;
      }
      if (VALUE_FLAGS.has(name)) {
        if (value === undefined) {
          value = toks[i + 1];
          if (value === undefined) return { error: `Error: flag needs an argument: --${name}\n` };
          i++;
        }
        if (name === "targets" || name === "s") p.targets.push(...csv(value));
        else if (name === "benchmark") p.benchmark = value;
        else if (name === "skip") for (const id of csv(value)) p.skip.add(id);
        else if (name === "check" || name === "c") for (const id of csv(value)) p.checks.add(id);
        else if (name === "group" || name === "g") for (const id of csv(value)) p.groups.add(id);
        else if (name === "exit-code") p.exitCode = Number.parseInt(value, 10) || 0;
        continue;
      }
      return { error: `Error: unknown flag: --${name}\nUsage:\n  kube-bench run [flags]\n\n` };
    }
    if (!sawCommand) {
      sawCommand = true;
      if (t === "run") p.subcommand = "run";
      else if (t === "master" || t === "node" || t === "etcd") {
        p.subcommand = "legacy";
        p.targets.push(t);
      } else return { error: `Error: unknown command "${t}" for "kube-bench"\nRun 'kube-bench --help' for usage.\n` };
    }
  }
  return p;
}

// ------------------------------------------------------------------------------------------------ run

type State = "PASS" | "FAIL" | "WARN" | "INFO";

interface CheckResult {
  test_number: string;
  test_desc: string;
  audit: string;
  AuditEnv: string;
  AuditConfig: string;
  type: string;
  remediation: string;
  test_info: string[];
  status: State;
  actual_value: string;
  scored: boolean;
  IsMultiple: boolean;
  expected_result: string;
  reason?: string;
}

interface GroupResult {
  section: string;
  type: string;
  pass: number;
  fail: number;
  warn: number;
  info: number;
  desc: string;
  results: CheckResult[];
}

interface ControlsResult {
  id: string;
  version: string;
  detected_version?: string;
  text: string;
  node_type: string;
  tests: GroupResult[];
  total_pass: number;
  total_fail: number;
  total_warn: number;
  total_info: number;
}

interface Env {
  host: HostModel;
  roles: string[];
  hostPID: boolean;
  mounts: readonly HostMount[];
  fail: Set<string>;
  pass: Set<string>;
}

function procVisible(env: Env, c: Component): boolean {
  return env.hostPID && runsComponent(env.roles, c) && env.host.commands[c] !== undefined;
}

const PS_HEADER = "UID        PID  PPID  C STIME TTY          TIME CMD";

/** The audit command's combined stdout+stderr on this node, as kube-bench would capture it. */
function auditOutput(env: Env, probe: Probe): string {
  switch (probe.kind) {
    case "none":
      return "";
    case "ps": {
      if (!procVisible(env, probe.component)) return "";
      const line = `${env.host.psPrefix[probe.component] ?? ""} ${env.host.commands[probe.component] ?? ""}`;
      return probe.header ? `${PS_HEADER}\n${line}` : line;
    }
    case "encryption": {
      const cmd = procVisible(env, "apiserver") ? env.host.commands.apiserver ?? "" : "";
      const m = /--encryption-provider-config=(\S+)/.exec(cmd);
      const cfg = m?.[1];
      const ok = cfg !== undefined && hostPathVisible(env.mounts, cfg) && env.host.files.has(cfg) && env.host.aescbc;
      return ok ? "true" : "false";
    }
    case "dirscript": {
      const ok = hostPathVisible(env.mounts, probe.dir) && env.host.files.has(probe.dir);
      return ok ? "true" : "false";
    }
    case "stat": {
      const f = hostPathVisible(env.mounts, probe.path) ? env.host.files.get(probe.path) : undefined;
      if (f) return probe.fmt === "%a" ? f.mode : f.owner;
      return probe.guarded ? "" : `stat: cannot stat '${probe.shown}': No such file or directory`;
    }
    case "kubectl":
      return `--count=${env.host.restrictivePsps}`;
  }
}

function runCheck(env: Env, cc: CompiledCheck, binsVisible: boolean, skipped: boolean): CheckResult {
  const v = binsVisible ? 0 : 1;
  const def = cc.def;
  const type: CheckType = skipped ? "skip" : def.type ?? "";
  const res: CheckResult = {
    test_number: def.id,
    test_desc: cc.text[v],
    audit: cc.audit[v],
    AuditEnv: "",
    AuditConfig: "",
    type,
    remediation: cc.remediation[v],
    test_info: [cc.remediation[v]],
    status: "INFO",
    actual_value: "",
    scored: def.scored,
    IsMultiple: false,
    expected_result: "",
  };
  if (type === "skip") {
    res.status = "INFO";
    res.reason = "Test marked as skip";
    return res;
  }
  if (type === "manual") {
    res.status = "WARN";
    res.reason = "Test marked as a manual test";
    return res;
  }
  if (!def.tests) {
    res.status = "WARN";
    res.reason = "There are no tests";
    return res;
  }
  const raw = auditOutput(env, cc.probe);
  const out = raw.replace(/\s+$/, "");
  // The audit pipeline exits non-zero when grep/ps find no process or stat finds no file: kube-bench then
  // reports the command error instead of evaluating the tests.
  const commandFailed =
    (cc.probe.kind === "ps" && out === "") || (cc.probe.kind === "stat" && !cc.probe.guarded && out.startsWith("stat: "));
  let pass: boolean;
  if (commandFailed) {
    pass = false;
    res.actual_value = "";
    res.reason = `failed to run: ${JSON.stringify(cc.audit[v])}, output: ${JSON.stringify(cc.probe.kind === "ps" ? "" : `${out}\n`)}, error: exit status 1`;
  } else {
    const r = evaluateTests(def.tests, out);
    pass = r.pass;
    res.actual_value = out;
    res.expected_result = r.expected;
  }
  if (env.fail.has(def.id)) pass = false;
  else if (env.pass.has(def.id)) pass = true;
  if (pass) {
    res.status = "PASS";
    delete res.reason;
  } else res.status = def.scored ? "FAIL" : "WARN";
  return res;
}

function glogWarning(seed: string, nodeName: string, target: TargetName, component: string, bins: string[]): string {
  let h = 0x811c9dc5;
  for (const ch of `${seed}|${nodeName}|${target}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const mm = String(1 + (h % 12)).padStart(2, "0");
  const dd = String(1 + ((h >>> 4) % 28)).padStart(2, "0");
  const t = `${String((h >>> 8) % 24).padStart(2, "0")}:${String((h >>> 13) % 60).padStart(2, "0")}:${String((h >>> 19) % 60).padStart(2, "0")}.${String(h % 1000000).padStart(6, "0")}`;
  const role = target === "node" ? "worker node" : target === "etcd" ? "etcd node" : "master node";
  const type = target === "node" ? "node" : target === "etcd" ? "etcd" : "master";
  return (
    `W${mm}${dd} ${t}       1 util.go:183] \n` +
    `Unable to detect running programs for component "${component}"\n` +
    `The following "${role}" programs have been searched, but none of them have been found:\n` +
    bins.map((b) => `\t- ${b}\n`).join("") +
    `\nThese program names are provided in the config.yaml, section '${type}.${component}.bins'\n`
  );
}

function runTarget(env: Env, ct: CompiledTarget, args: ParsedArgs, warn: (s: string) => void, ctx: { seed: string; node: string }): ControlsResult {
  const comps = TARGET_COMPONENTS[ct.target];
  const missing = comps.find((c) => !c.optional && !procVisible(env, c.c));
  if (missing) warn(glogWarning(ctx.seed, ctx.node, ct.target, missing.c, missing.bins));
  const binsVisible = missing === undefined;
  const controls: ControlsResult = {
    id: ct.id,
    version: "",
    text: ct.text,
    node_type: ct.target,
    tests: [],
    total_pass: 0,
    total_fail: 0,
    total_warn: 0,
    total_info: 0,
  };
  for (const g of ct.groups) {
    if (args.groups.size > 0 && !args.groups.has(g.id)) continue;
    const group: GroupResult = { section: g.id, type: "", pass: 0, fail: 0, warn: 0, info: 0, desc: g.text, results: [] };
    for (const cc of g.checks) {
      if (args.checks.size > 0 && !args.checks.has(cc.def.id)) continue;
      const skipped = args.skip.has(cc.def.id) || args.skip.has(g.id);
      const r = runCheck(env, cc, binsVisible, skipped);
      group.results.push(r);
      if (r.status === "PASS") group.pass++;
      else if (r.status === "FAIL") group.fail++;
      else if (r.status === "WARN") group.warn++;
      else group.info++;
    }
    if (group.results.length === 0) continue;
    controls.tests.push(group);
    controls.total_pass += group.pass;
    controls.total_fail += group.fail;
    controls.total_warn += group.warn;
    controls.total_info += group.info;
  }
  return controls;
}

// ------------------------------------------------------------------------------------------------ output

/** Go's encoding/json escapes <, > and & (and U+2028/9) inside strings; those chars only occur inside strings. */
function goJson(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function orderedControls(c: ControlsResult, withDetected: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = { id: c.id, version: c.version };
  if (withDetected && c.detected_version) o.detected_version = c.detected_version;
  o.text = c.text;
  o.node_type = c.node_type;
  o.tests = c.tests.map((g) => ({
    section: g.section,
    type: g.type,
    pass: g.pass,
    fail: g.fail,
    warn: g.warn,
    info: g.info,
    desc: g.desc,
    results: g.results.map((r) => {
      const x: Record<string, unknown> = {
        test_number: r.test_number,
        test_desc: r.test_desc,
        audit: r.audit,
        AuditEnv: r.AuditEnv,
        AuditConfig: r.AuditConfig,
        type: r.type,
        remediation: r.remediation,
        test_info: r.test_info,
        status: r.status,
        actual_value: r.actual_value,
        scored: r.scored,
        IsMultiple: r.IsMultiple,
        expected_result: r.expected_result,
      };
      if (r.reason) x.reason = r.reason;
      return x;
    }),
  }));
  o.total_pass = c.total_pass;
  o.total_fail = c.total_fail;
  o.total_warn = c.total_warn;
  o.total_info = c.total_info;
  return o;
}

function summaryBlock(name: string, s: { pass: number; fail: number; warn: number; info: number }): string {
  return `== Summary ${name} ==\n${s.pass} checks PASS\n${s.fail} checks FAIL\n${s.warn} checks WARN\n${s.info} checks INFO\n\n`;
}

function prettyPrint(c: ControlsResult, a: ParsedArgs): string {
  let out = "";
  if (!a.noResults) {
    out += `[INFO] ${c.id} ${c.text}\n`;
    for (const g of c.tests) {
      out += `[INFO] ${g.section} ${g.desc}\n`;
      for (const r of g.results) out += `[${r.status}] ${r.test_number} ${r.test_desc}\n`;
    }
    out += "\n";
  }
  if (!a.noRemediations && (c.total_fail > 0 || c.total_warn > 0)) {
    out += `== Remediations ${c.node_type} ==\n`;
    for (const g of c.tests) {
      for (const r of g.results) {
        if (r.status === "FAIL") out += `${r.test_number} ${r.remediation}\n`;
        else if (r.status === "WARN") {
          if (r.reason && r.type !== "manual") out += `${r.test_number} audit test did not run: ${r.reason}\n`;
          else out += `${r.test_number} ${r.remediation}\n`;
        }
      }
    }
    out += "\n";
  }
  if (!a.noSummary) {
    out += summaryBlock(c.node_type, { pass: c.total_pass, fail: c.total_fail, warn: c.total_warn, info: c.total_info });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ public API

const ALL_TARGET_NAMES: readonly string[] = ["master", "node", "etcd", "controlplane", "policies", "managedservices"];

export function runKubeBench(input: KubeBenchRunInput): KubeBenchRunResult {
  const parsed = parseArgs(input.args);
  if ("error" in parsed) return { stdout: "", stderr: parsed.error, exitCode: 1 };
  const benchmarkId = parsed.benchmark ?? DEFAULT_BENCHMARK;
  const bench = BENCHMARKS[benchmarkId];
  // `worker` is kube-bench's alias for `node`.
  const targets = parsed.targets.map((t) => t.toLowerCase().replace(/worker/g, "node"));
  if (!bench) {
    // validTargets(): the benchmark has no entry in config.yaml's target_mapping.
    return { stdout: "", stderr: `\nerror validating targets: No targets configured for ${benchmarkId}\n`, exitCode: 1 };
  }
  if (targets.length > 0 && !targets.every((t) => (bench.targets as readonly string[]).includes(t))) {
    // kube-bench formats this with a raw string literal: the "\n" below is printed as backslash + n.
    return {
      stdout: "",
      stderr: `\nThe specified --targets "${parsed.targets.join(",")}" are not configured for the CIS Benchmark ${bench.id}\\n Valid targets [${bench.targets.join(" ")}]\n`,
      exitCode: 1,
    };
  }

  const host = buildHost({ name: input.node.name, roles: input.node.roles, hardened: input.node.hardened }, input.seed);
  const env: Env = {
    host,
    roles: input.node.roles,
    hostPID: input.hostPID,
    mounts: input.mounts,
    fail: new Set(input.node.failChecks ?? []),
    pass: new Set(input.node.passChecks ?? []),
  };

  let runTargets: TargetName[];
  if (targets.length > 0) runTargets = targets as TargetName[];
  else if (parsed.subcommand === "run") {
    // No --targets: every YAML file of the benchmark directory, in file-name order, no role detection.
    runTargets = (Object.keys(bench.controls) as TargetName[]).filter((t) => ALL_TARGET_NAMES.includes(t)).sort();
  } else {
    // Bare `kube-bench`: master checks if master binaries run, etcd checks if etcd runs, then node checks.
    runTargets = [];
    if (TARGET_COMPONENTS.master.every((c) => c.optional || procVisible(env, c.c))) runTargets.push("master");
    if (procVisible(env, "etcd") && bench.targets.includes("etcd")) runTargets.push("etcd");
    runTargets.push("node");
  }

  let stderr = "";
  const results: ControlsResult[] = [];
  for (const t of runTargets) {
    const ct = getCompiled(bench, t);
    if (!ct) {
      return { stdout: "", stderr: `${stderr}Error in run: file ${t}.yaml not found for version ${bench.id}\n`, exitCode: 0 };
    }
    const r = runTarget(env, ct, parsed, (s) => (stderr += s), { seed: input.seed, node: input.node.name });
    r.version = bench.id;
    r.detected_version = DETECTED_VERSION;
    results.push(r);
  }

  const totals = { total_pass: 0, total_fail: 0, total_warn: 0, total_info: 0 };
  for (const r of results) {
    totals.total_pass += r.total_pass;
    totals.total_fail += r.total_fail;
    totals.total_warn += r.total_warn;
    totals.total_info += r.total_info;
  }

  let stdout: string;
  if (parsed.json) {
    if (input.shape === "lines") {
      stdout = results.map((r) => `${goJson(orderedControls(r, false))}\n`).join("");
    } else if (input.shape === "array" || parsed.noTotals) {
      stdout = `${goJson(results.map((r) => orderedControls(r, input.shape === "current")))}\n`;
    } else {
      stdout = `${goJson({ Controls: results.map((r) => orderedControls(r, true)), Totals: totals })}\n`;
    }
  } else {
    stdout = results.map((r) => prettyPrint(r, parsed)).join("");
    if (!parsed.noTotals && !parsed.noSummary && results.length > 0) {
      stdout += summaryBlock("total", { pass: totals.total_pass, fail: totals.total_fail, warn: totals.total_warn, info: totals.total_info });
    }
  }
  const exitCode = parsed.exitCode !== 0 && totals.total_fail > 0 ? parsed.exitCode : 0;
  return { stdout, stderr, exitCode };
}

/**
 * What kube-bench prints when it cannot load its configuration (runChecks: configFileError != nil):
 * one [FAIL] line on stdout, exit code 1.
 */
export function kubeBenchConfigError(node: { name: string }): KubeBenchRunResult {
  void node;
  return {
    stdout: `[FAIL] Failed to read config file: Config File "config" Not Found in "[/opt/kube-bench/cfg]"\n`,
    stderr: "",
    exitCode: 1,
  };
}

/**
 * True for aquasec/kube-bench and rancher/security-scan images under any registry prefix (mirrors included),
 * with or without tag and/or digest.
 */
export function isKubeBenchImage(image: string): boolean {
  let ref = image.trim().toLowerCase();
  if (ref === "") return false;
  const at = ref.indexOf("@");
  if (at >= 0) ref = ref.slice(0, at);
  const lastSlash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  if (colon > lastSlash) ref = ref.slice(0, colon);
  const parts = ref.split("/");
  if (parts.length < 2) return false;
  const repo = `${parts[parts.length - 2]}/${parts[parts.length - 1]}`;
  return repo === "aquasec/kube-bench" || repo === "rancher/security-scan";
}
