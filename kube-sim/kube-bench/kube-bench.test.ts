import { describe, expect, it } from "vitest";
import {
  benchmarkIds,
  isKubeBenchImage,
  kubeBenchConfigError,
  runKubeBench,
  type KubeBenchRunInput,
  type OutputShape,
} from "./index";

// From the seeds (Rancher docs, CIS Benchmark v1.4 skipped tests / not applicable tests).
const PERMISSIVE_SKIPS = [
  "1.1.11", "1.1.21", "1.1.24", "1.1.34", "1.1.35", "1.1.36", "1.2.2", "1.3.7", "1.4.12",
  "1.7.2", "1.7.3", "1.7.4", "1.7.5", "2.1.6", "2.1.10",
];
const NOT_APPLICABLE = [
  "1.1.9", "1.3.6", "1.4.1", "1.4.2", "1.4.3", "1.4.4", "1.4.5", "1.4.6", "1.4.7", "1.4.8", "1.4.13", "1.4.14",
  "2.1.8", "2.1.12", "2.1.13", "2.2.3", "2.2.4", "2.2.9", "2.2.10",
];

// CIS Kubernetes Benchmark 1.4 as split by Rancher's rke-cis-1.4 (1.1.12 is not part of Rancher's benchmark).
const range = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}.${from + i}`);
const MASTER_IDS = [
  ...range("1.1", 1, 11), ...range("1.1", 13, 36), "1.1.37a", "1.1.37b", "1.1.38", "1.1.39",
  ...range("1.2", 1, 2), ...range("1.3", 1, 7),
  ...range("1.4", 1, 10), ...range("1.4", 13, 21),
  ...range("1.6", 1, 8), ...range("1.7", 1, 7),
];
const MASTER_NOT_SCORED = ["1.1.1", "1.1.13", "1.1.30", "1.4.9", "1.4.10", ...range("1.6", 1, 8), "1.7.1", "1.7.6", "1.7.7"];
const ETCD_IDS = ["1.4.11", "1.4.12", "1.4.19", "1.4.20", "1.4.21", ...range("1.5", 1, 7)];
const ETCD_NOT_SCORED = ["1.5.7"];
const NODE_IDS = [...range("2.1", 1, 14), ...range("2.2", 1, 10)];
const NODE_NOT_SCORED = ["2.1.14"];

const ALL_MOUNTS = [
  "/etc/kubernetes", "/var/lib/etcd", "/var/lib/kubelet", "/var/lib/cni", "/etc/cni/net.d", "/opt/cni/bin",
  "/etc/systemd", "/lib/systemd", "/srv/kubernetes", "/etc/passwd", "/etc/group",
].map((p) => ({ hostPath: p, mountPath: p }));

const ALL_ROLES = ["controlplane", "etcd", "worker"];

interface Check {
  test_number: string;
  test_desc: string;
  audit: string;
  AuditEnv: string;
  AuditConfig: string;
  type: string;
  remediation: string;
  test_info: string[];
  status: "PASS" | "FAIL" | "WARN" | "INFO";
  actual_value: string;
  scored: boolean;
  IsMultiple: boolean;
  expected_result: string;
  reason?: string;
}
interface Group { section: string; type: string; pass: number; fail: number; warn: number; info: number; desc: string; results: Check[] }
interface Controls {
  id: string; version: string; detected_version?: string; text: string; node_type: string; tests: Group[];
  total_pass: number; total_fail: number; total_warn: number; total_info: number;
}
interface Report { Controls: Controls[]; Totals: { total_pass: number; total_fail: number; total_warn: number; total_info: number } }

function input(over: Partial<KubeBenchRunInput> & { hardened?: boolean; roles?: string[] } = {}): KubeBenchRunInput {
  const { hardened = false, roles = ALL_ROLES, ...rest } = over;
  return {
    args: ["kube-bench", "run", "--targets", "master,etcd,node", "--benchmark", "rke-cis-1.4", "--json"],
    node: { name: "node-1", roles, hardened },
    hostPID: true,
    mounts: ALL_MOUNTS,
    seed: "seed-1",
    shape: "current",
    ...rest,
  };
}

function report(i: KubeBenchRunInput): Report {
  const r = runKubeBench(i);
  expect(r.exitCode).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

function checks(rep: { Controls: Controls[] } | Controls[]): Map<string, Check> {
  const list = Array.isArray(rep) ? rep : rep.Controls;
  const m = new Map<string, Check>();
  for (const c of list) for (const g of c.tests) for (const x of g.results) m.set(`${c.node_type}/${x.test_number}`, x);
  return m;
}

function assertConsistent(controls: Controls[], totals?: Report["Totals"]) {
  const sum = { total_pass: 0, total_fail: 0, total_warn: 0, total_info: 0 };
  for (const c of controls) {
    const ct = { pass: 0, fail: 0, warn: 0, info: 0 };
    for (const g of c.tests) {
      const count = (s: string) => g.results.filter((r) => r.status === s).length;
      expect([g.pass, g.fail, g.warn, g.info]).toEqual([count("PASS"), count("FAIL"), count("WARN"), count("INFO")]);
      ct.pass += g.pass;
      ct.fail += g.fail;
      ct.warn += g.warn;
      ct.info += g.info;
    }
    expect([c.total_pass, c.total_fail, c.total_warn, c.total_info]).toEqual([ct.pass, ct.fail, ct.warn, ct.info]);
    sum.total_pass += c.total_pass;
    sum.total_fail += c.total_fail;
    sum.total_warn += c.total_warn;
    sum.total_info += c.total_info;
  }
  if (totals) expect(totals).toEqual(sum);
}

describe("benchmark data", () => {
  it("ships rke-cis-1.4", () => {
    expect(benchmarkIds()).toContain("rke-cis-1.4");
  });

  it("runs every rke-cis-1.4 check of each requested target, in order, with its (Not) Scored mark", () => {
    const rep = report(input());
    expect(rep.Controls.map((c) => c.node_type)).toEqual(["master", "etcd", "node"]);
    const expected: Record<string, { ids: string[]; notScored: string[]; groups: string[]; id: string }> = {
      master: { ids: MASTER_IDS, notScored: MASTER_NOT_SCORED, groups: ["1.1", "1.2", "1.3", "1.4", "1.6", "1.7"], id: "1" },
      etcd: { ids: ETCD_IDS, notScored: ETCD_NOT_SCORED, groups: ["1.4", "1.5"], id: "1" },
      node: { ids: NODE_IDS, notScored: NODE_NOT_SCORED, groups: ["2.1", "2.2"], id: "2" },
    };
    for (const c of rep.Controls) {
      const e = expected[c.node_type]!;
      expect(c.id).toBe(e.id);
      expect(c.version).toBe("rke-cis-1.4");
      expect(c.tests.map((g) => g.section)).toEqual(e.groups);
      const results = c.tests.flatMap((g) => g.results);
      expect(results.map((r) => r.test_number)).toEqual(e.ids);
      for (const r of results) {
        const notScored = e.notScored.includes(r.test_number);
        expect(r.scored, r.test_number).toBe(!notScored);
        expect(r.test_desc.endsWith(notScored ? "(Not Scored)" : "Scored)"), r.test_number).toBe(true);
        expect(r.remediation.length).toBeGreaterThan(10);
        expect(r.test_info).toEqual([r.remediation]);
        expect(["", "manual", "skip"]).toContain(r.type);
      }
    }
    // Rancher's count for rke-cis-1.4: 97 scored tests (63 pass + 15 skipped + 19 not applicable).
    const scored = new Set([...checks(rep).values()].filter((c) => c.scored).map((c) => c.test_number));
    expect(scored.size).toBe(97);
    for (const id of [...PERMISSIVE_SKIPS, ...NOT_APPLICABLE]) expect(scored.has(id), id).toBe(true);
  });

  it("carries the real texts, audits and remediations", () => {
    const m = checks(report(input()));
    expect(m.get("master/1.1.11")!.test_desc).toBe("Ensure that the admission control plugin AlwaysPullImages is set (Scored)");
    expect(m.get("master/1.1.11")!.audit).toBe("/bin/ps -ef | grep kube-apiserver | grep -v grep");
    expect(m.get("master/1.1.11")!.remediation).toContain("--enable-admission-plugins=...,AlwaysPullImages,...");
    expect(m.get("master/1.4.1")!.remediation).toContain("Cluster provisioned by RKE doesn't require or maintain a configuration file for kube-apiserver.");
    expect(m.get("master/1.4.1")!.type).toBe("skip");
    expect(m.get("node/2.1.1")!.audit).toBe("ps -fC kubelet");
    expect(m.get("node/2.2.1")!.audit).toBe(
      "/bin/sh -c 'if test -e /node/etc/kubernetes/ssl/kubecfg-kube-node.yaml; then stat -c %a /node/etc/kubernetes/ssl/kubecfg-kube-node.yaml; fi'",
    );
    expect(m.get("etcd/1.4.12")!.test_desc).toBe("Ensure that the etcd data directory ownership is set to etcd:etcd (Scored)");
    expect(m.get("master/1.6.1")!.type).toBe("manual");
  });
});

describe("output shapes", () => {
  const shapes: OutputShape[] = ["current", "array", "lines"];
  for (const shape of shapes) {
    it(`prints kube-bench JSON in the ${shape} shape with consistent counts`, () => {
      for (const hardened of [false, true]) {
        const r = runKubeBench(input({ shape, hardened }));
        expect(r.exitCode).toBe(0);
        expect(r.stdout.endsWith("\n")).toBe(true);
        let controls: Controls[];
        if (shape === "current") {
          const rep = JSON.parse(r.stdout) as Report;
          expect(Object.keys(rep)).toEqual(["Controls", "Totals"]);
          expect(Object.keys(rep.Totals)).toEqual(["total_pass", "total_fail", "total_warn", "total_info"]);
          controls = rep.Controls;
          assertConsistent(controls, rep.Totals);
        } else if (shape === "array") {
          controls = JSON.parse(r.stdout) as Controls[];
          expect(Array.isArray(controls)).toBe(true);
          assertConsistent(controls);
        } else {
          const lines = r.stdout.trimEnd().split("\n");
          expect(lines).toHaveLength(3);
          expect(() => JSON.parse(r.stdout)).toThrow();
          controls = lines.map((l) => JSON.parse(l) as Controls);
          assertConsistent(controls);
        }
        expect(controls.map((c) => c.node_type)).toEqual(["master", "etcd", "node"]);
        const c0 = controls[0]!;
        const keys = Object.keys(c0).filter((k) => k !== "detected_version");
        expect(keys).toEqual(["id", "version", "text", "node_type", "tests", "total_pass", "total_fail", "total_warn", "total_info"]);
        expect(Object.keys(c0.tests[0]!)).toEqual(["section", "type", "pass", "fail", "warn", "info", "desc", "results"]);
        const chk = c0.tests[0]!.results.find((x) => x.status === "PASS")!;
        expect(Object.keys(chk)).toEqual([
          "test_number", "test_desc", "audit", "AuditEnv", "AuditConfig", "type", "remediation", "test_info",
          "status", "actual_value", "scored", "IsMultiple", "expected_result",
        ]);
      }
    });
  }

  it("--nototals prints a bare array", () => {
    const r = runKubeBench(input({ args: ["kube-bench", "run", "--targets=node", "--benchmark=rke-cis-1.4", "--json", "--nototals"] }));
    const arr = JSON.parse(r.stdout) as Controls[];
    expect(arr).toHaveLength(1);
    expect(arr[0]!.node_type).toBe("node");
  });

  it("escapes <, > and & like Go's encoding/json", () => {
    const r = runKubeBench(input());
    expect(r.stdout).not.toMatch(/[<>&]/);
    expect(r.stdout).toContain("--basic-auth-file=\\u003cfilename\\u003e");
  });

  it("prints [PASS]/[FAIL] text output without --json", () => {
    const r = runKubeBench(input({ args: ["kube-bench", "run", "--targets", "master,node", "--benchmark", "rke-cis-1.4"] }));
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("[INFO] 1 Master Node Security Configuration\n[INFO] 1.1 API Server\n");
    expect(r.stdout).toContain("[FAIL] 1.1.11 Ensure that the admission control plugin AlwaysPullImages is set (Scored)\n");
    expect(r.stdout).toContain("[PASS] 1.1.2 Ensure that the --basic-auth-file argument is not set (Scored)\n");
    expect(r.stdout).toContain("[INFO] 1.4.1 ");
    expect(r.stdout).toContain("== Remediations master ==\n");
    expect(r.stdout).toMatch(/== Summary total ==\n\d+ checks PASS\n\d+ checks FAIL\n\d+ checks WARN\n\d+ checks INFO\n/);
    expect(() => JSON.parse(r.stdout)).toThrow();
  });
});

describe("results on RKE nodes", () => {
  it("default and hardened differ exactly on the 15 permissive-skip checks", () => {
    const def = checks(report(input({ hardened: false })));
    const hard = checks(report(input({ hardened: true })));
    expect([...def.keys()]).toEqual([...hard.keys()]);
    const differ = new Set<string>();
    for (const [k, c] of def) if (c.status !== hard.get(k)!.status) differ.add(c.test_number);
    expect([...differ].sort()).toEqual([...PERMISSIVE_SKIPS].sort());
    for (const id of PERMISSIVE_SKIPS) {
      for (const [k, c] of def) if (c.test_number === id) {
        expect(c.status, k).toBe("FAIL");
        expect(hard.get(k)!.status, k).toBe("PASS");
      }
    }
  });

  it("on a default node only the 15 fail among applicable scored checks; N/A identical; not scored warn", () => {
    for (const hardened of [false, true]) {
      const m = checks(report(input({ hardened })));
      for (const [k, c] of m) {
        if (NOT_APPLICABLE.includes(c.test_number)) {
          expect(["INFO", "FAIL"], k).toContain(c.status);
          if (c.type === "skip") expect(c.status, k).toBe("INFO");
        } else if (!c.scored) expect(c.status, k).toBe("WARN");
        else if (PERMISSIVE_SKIPS.includes(c.test_number)) expect(c.status, k).toBe(hardened ? "PASS" : "FAIL");
        else expect(c.status, k).toBe("PASS");
      }
    }
  });

  it("actual values are realistic: process command lines, file modes, owners", () => {
    const m = checks(report(input()));
    const api = m.get("master/1.1.11")!;
    expect(api.actual_value).toMatch(/^root +\d+ +\d+ +\d+ \w{3}\d{2} \? +\d{2}:\d{2}:\d{2} kube-apiserver /);
    expect(api.actual_value).toContain("--enable-admission-plugins=NamespaceLifecycle,");
    expect(api.expected_result).toBe("'--enable-admission-plugins' has 'AlwaysPullImages'");
    expect(m.get("node/2.1.1")!.actual_value).toMatch(/^UID +PID +PPID +C STIME TTY +TIME CMD\n.* kubelet /);
    expect(["644", "640", "600"]).toContain(m.get("node/2.2.1")!.actual_value);
    expect(m.get("node/2.2.2")!.actual_value).toBe("root:root");
    expect(m.get("etcd/1.4.11")!.actual_value).toBe("700");
    expect(m.get("etcd/1.4.12")!.actual_value).toBe("root:root");
    expect(m.get("master/1.7.2")!.actual_value).toBe("--count=0");
    // kube-bench: a flag missing from the output reads "'x' is present", a found one gets its comparison.
    const sched = m.get("master/1.4.15")!;
    const want = ["644", "640", "600"].map((f) => (f === sched.actual_value ? `'${f}' is equal to '${f}'` : `'${f}' is present`));
    expect(sched.expected_result).toBe(want.join(" OR "));
  });

  it("failChecks and passChecks force the outcome of those checks", () => {
    const base = input();
    const m = checks(report({ ...base, node: { ...base.node, failChecks: ["1.1.2", "2.2.1"], passChecks: ["1.1.11"] } }));
    expect(m.get("master/1.1.2")!.status).toBe("FAIL");
    expect(m.get("node/2.2.1")!.status).toBe("FAIL");
    expect(m.get("master/1.1.11")!.status).toBe("PASS");
    expect(m.get("master/1.1.3")!.status).toBe("PASS");
  });

  it("--skip turns checks and groups into INFO", () => {
    const m = checks(report(input({ args: ["kube-bench", "run", "--targets", "master", "--benchmark", "rke-cis-1.4", "--json", "--skip", "1.1.11,1.2"] })));
    expect(m.get("master/1.1.11")!.status).toBe("INFO");
    expect(m.get("master/1.1.11")!.type).toBe("skip");
    expect(m.get("master/1.2.1")!.status).toBe("INFO");
    expect(m.get("master/1.2.2")!.status).toBe("INFO");
    expect(m.get("master/1.1.21")!.status).toBe("FAIL");
  });
});

describe("environment realism", () => {
  const PROCESS = (c: Check) => /\bps -(ef|fC)\b/.test(c.audit);
  const FILE = (c: Check) => /stat -c|check_files_/.test(c.audit);

  it("without hostPID every process-based check fails (scored) or warns (not scored) with an empty actual value", () => {
    const r = runKubeBench(input({ hostPID: false, hardened: true }));
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('Unable to detect running programs for component "apiserver"');
    const rep = JSON.parse(r.stdout) as Report;
    assertConsistent(rep.Controls, rep.Totals);
    let n = 0;
    for (const [k, c] of checks(rep)) {
      if (c.type !== "" || !PROCESS(c)) continue;
      n++;
      expect(c.status, k).toBe(c.scored ? "FAIL" : "WARN");
      expect(c.actual_value, k).toBe("");
      expect(c.audit, k).toMatch(/\$(apiserver|scheduler|controllermanager|etcd|kubelet)bin/);
    }
    expect(n).toBeGreaterThan(60);
    // file checks are unaffected by hostPID
    const m = checks(rep);
    expect(m.get("node/2.2.1")!.status).toBe("PASS");
    expect(m.get("etcd/1.4.11")!.status).toBe("PASS");
  });

  it("without the host mounts every file-based check fails", () => {
    const rep = report(input({ mounts: [], hardened: true }));
    assertConsistent(rep.Controls, rep.Totals);
    let n = 0;
    for (const [k, c] of checks(rep)) {
      if (c.type !== "" || !FILE(c)) continue;
      n++;
      expect(c.status, k).toBe("FAIL");
    }
    expect(n).toBeGreaterThanOrEqual(15);
    expect(checks(rep).get("etcd/1.4.11")!.actual_value).toBe("");
    expect(checks(rep).get("master/1.1.2")!.status).toBe("PASS"); // process checks unaffected
  });

  it("a mount at another container path does not count; host / at /node (security-scan style) does", () => {
    const elsewhere = ALL_MOUNTS.map((m) => ({ hostPath: m.hostPath, mountPath: `/host${m.mountPath}` }));
    const a = checks(report(input({ mounts: elsewhere, hardened: true })));
    expect(a.get("node/2.2.1")!.status).toBe("FAIL");
    const b = checks(report(input({ mounts: [{ hostPath: "/", mountPath: "/node" }], hardened: true })));
    for (const [k, c] of b) if (c.type === "" && FILE(c)) expect(c.status, k).toBe("PASS");
    const onlyKube = checks(report(input({ mounts: [{ hostPath: "/etc/kubernetes", mountPath: "/etc/kubernetes" }], hardened: true })));
    expect(onlyKube.get("node/2.2.1")!.status).toBe("PASS");
    expect(onlyKube.get("etcd/1.4.11")!.status).toBe("FAIL");
  });

  it("targets that do not match the node's roles find no components", () => {
    const r = runKubeBench(input({ roles: ["worker"], hardened: true }));
    const rep = JSON.parse(r.stdout) as Report;
    const m = checks(rep);
    for (const [k, c] of m) {
      if (!k.startsWith("node/") && c.type === "" && PROCESS(c)) expect(c.status, k).toBe(c.scored ? "FAIL" : "WARN");
    }
    expect(m.get("master/1.4.15")!.status).toBe("FAIL"); // no scheduler kubeconfig on a worker
    expect(m.get("etcd/1.4.11")!.status).toBe("FAIL"); // no etcd data dir
    for (const [k, c] of m) if (k.startsWith("node/") && c.scored && c.type === "" && c.test_number !== "2.1.8") expect(c.status, k).toBe("PASS");
    expect(r.stderr).toContain('component "etcd"');
  });
});

describe("determinism", () => {
  it("same input gives byte-identical output; seed and node name vary the details", () => {
    const a = runKubeBench(input());
    const b = runKubeBench(input());
    expect(a).toEqual(b);
    const c = runKubeBench(input({ seed: "seed-2" }));
    expect(c.stdout).not.toBe(a.stdout);
    const base = input();
    const d = runKubeBench({ ...base, node: { ...base.node, name: "node-2" } });
    expect(d.stdout).not.toBe(a.stdout);
    // statuses do not depend on the seed
    const sa = [...checks(JSON.parse(a.stdout) as Report).values()].map((x) => x.status);
    const sc = [...checks(JSON.parse(c.stdout) as Report).values()].map((x) => x.status);
    expect(sc).toEqual(sa);
  });
});

describe("errors", () => {
  it("unknown benchmark: error on stderr, exit 1, no JSON", () => {
    const r = runKubeBench(input({ args: ["kube-bench", "run", "--targets", "master", "--benchmark", "cis-9.9", "--json"] }));
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("No targets configured for cis-9.9");
  });

  it("target not configured for the benchmark: kube-bench's message, exit 1", () => {
    const r = runKubeBench(input({ args: ["kube-bench", "run", "--targets=master,controlplane", "--benchmark=rke-cis-1.4", "--json"] }));
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('The specified --targets "master,controlplane" are not configured for the CIS Benchmark rke-cis-1.4');
    expect(r.stderr).toContain("Valid targets [master node etcd]");
  });

  it("worker is an alias of node", () => {
    const rep = report(input({ args: ["kube-bench", "run", "--targets", "worker", "--benchmark", "rke-cis-1.4", "--json"] }));
    expect(rep.Controls.map((c) => c.node_type)).toEqual(["node"]);
  });

  it("config error prints [FAIL] on stdout and exits 1", () => {
    const r = kubeBenchConfigError({ name: "node-1" });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^\[FAIL\] Failed to read config file: /);
  });

  it("--exit-code makes failures exit non-zero", () => {
    const r = runKubeBench(input({ args: ["kube-bench", "run", "--targets", "master", "--benchmark", "rke-cis-1.4", "--json", "--exit-code", "3"] }));
    expect(r.exitCode).toBe(3);
    const h = runKubeBench(input({ hardened: true, args: ["kube-bench", "run", "--targets", "etcd", "--benchmark", "rke-cis-1.4", "--json", "--exit-code", "3"] }));
    expect(h.exitCode).toBe(0);
  });

  it("accepts a shell-wrapped command line", () => {
    const r = runKubeBench(input({ args: ["/bin/sh", "-c", "kube-bench run --targets etcd --benchmark rke-cis-1.4 --json --outputfile /tmp/r.json"] }));
    expect(r.exitCode).toBe(0);
    expect((JSON.parse(r.stdout) as Report).Controls.map((c) => c.node_type)).toEqual(["etcd"]);
  });
});

describe("isKubeBenchImage", () => {
  it.each([
    ["aquasec/kube-bench", true],
    ["aquasec/kube-bench:v0.15.6", true],
    ["docker.io/aquasec/kube-bench:latest", true],
    ["registry.local:5000/aquasec/kube-bench:v0.15.6", true],
    ["registry.local:5000/mirror/aquasec/kube-bench@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true],
    ["rancher/security-scan:v0.1.14", true],
    ["harbor.corp.example/rancher/security-scan:v0.2.2@sha256:abcd", true],
    ["aquasec/kube-hunter:latest", false],
    ["kube-bench:latest", false],
    ["evil/aquasec-kube-bench:1", false],
    ["rancher/security-scanner:1", false],
    ["nginx", false],
    ["", false],
  ])("%s -> %s", (image, want) => {
    expect(isKubeBenchImage(image)).toBe(want);
  });
});
