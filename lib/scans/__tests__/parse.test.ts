import { describe, expect, it } from "vitest";
import { ParseError, parseKubeBenchOutput } from "../parse";

// Output as kube-bench really prints it (field names, capitalised AuditEnv/AuditConfig, Go's escaping of
// <, > and & as \u003c, \u003e, \u0026), trimmed to a few checks.
const controls = (nodeType: string, checks: object[], version = "cis-1.8") => ({
  id: nodeType === "node" ? "4" : "1",
  version,
  detected_version: "1.27",
  text: nodeType === "node" ? "Worker Node Security Configuration" : "Control Plane Security Configuration",
  node_type: nodeType,
  tests: [
    {
      section: nodeType === "node" ? "4.1" : "1.1",
      type: "",
      pass: 1,
      fail: 1,
      warn: 0,
      info: 0,
      desc: "Control Plane Node Configuration Files",
      results: checks,
    },
  ],
  total_pass: 1,
  total_fail: 1,
  total_warn: 0,
  total_info: 0,
});

const check = (id: string, status: string, extra: object = {}) => ({
  test_number: id,
  test_desc: `Ensure that check ${id} holds (Automated)`,
  audit: "/bin/sh -c 'if test -e $apiserverconf; then stat -c permissions=%a $apiserverconf; fi'",
  AuditEnv: "",
  AuditConfig: "",
  type: "",
  remediation: "Run the below command (based on the file location on your system) on the\ncontrol plane node.\nFor example, chmod 600 /etc/kubernetes/manifests/kube-apiserver.yaml",
  test_info: ["Run the below command"],
  status,
  actual_value: "permissions=600",
  scored: true,
  IsMultiple: false,
  expected_result: "permissions has permissions 600, expected 600 or more restrictive",
  ...extra,
});

const master = controls("master", [check("1.1.1", "PASS"), check("1.1.2", "FAIL", { actual_value: "a \u003c b \u0026 c" })]);
const node = controls("node", [check("4.1.1", "WARN", { scored: false, type: "manual" }), check("4.1.2", "INFO", { type: "skip" })]);

describe("parseKubeBenchOutput", () => {
  it("reads the current shape with Totals", () => {
    const text = JSON.stringify({ Controls: [master, node], Totals: { total_pass: 1, total_fail: 1, total_warn: 1, total_info: 1 } });
    const parsed = parseKubeBenchOutput(text);
    expect(parsed.shape).toBe("current");
    expect(parsed.benchmarkVersion).toBe("cis-1.8");
    expect(parsed.checks.map((c) => [c.id, c.status, c.nodeType, c.scored, c.type])).toEqual([
      ["1.1.1", "PASS", "master", true, ""],
      ["1.1.2", "FAIL", "master", true, ""],
      ["4.1.1", "WARN", "node", false, "manual"],
      ["4.1.2", "INFO", "node", true, "skip"],
    ]);
    expect(parsed.checks[1].actualValue).toBe("a < b & c");
    expect(parsed.checks[0].remediation).toContain("chmod 600");
    expect(parsed.checks[0].section).toBe("1.1 Control Plane Node Configuration Files");
  });

  it("reads Go's escaped characters exactly as kube-bench writes them", () => {
    const raw = '{"Controls":[{"id":"1","version":"cis-1.8","text":"x","node_type":"master","tests":[{"section":"1.1","desc":"d","results":[{"test_number":"1.1.1","test_desc":"x (Automated)","status":"FAIL","actual_value":"\\u003cnone\\u003e","scored":true,"remediation":"r"}]}]}],"Totals":{"total_pass":0,"total_fail":1,"total_warn":0,"total_info":0}}';
    expect(parseKubeBenchOutput(raw).checks[0].actualValue).toBe("<none>");
  });

  it("reads a bare array of Controls (--nototals, v0.3.1-v0.4.x)", () => {
    const parsed = parseKubeBenchOutput(JSON.stringify([master, node]));
    expect(parsed.shape).toBe("array");
    expect(parsed.checks).toHaveLength(4);
  });

  it("reads one Controls object per line (before v0.3.1), ignoring stray non-JSON lines", () => {
    const text = ["I1122 07:00:00.000000 1 util.go:123] Using config file", JSON.stringify(master), JSON.stringify(node), ""].join("\n");
    const parsed = parseKubeBenchOutput(text);
    expect(parsed.shape).toBe("lines");
    expect(parsed.checks.map((c) => c.id)).toEqual(["1.1.1", "1.1.2", "4.1.1", "4.1.2"]);
    const single = parseKubeBenchOutput(JSON.stringify(master));
    expect(single.shape).toBe("lines");
  });

  it("infers scored from old descriptions when the field is absent", () => {
    const old = controls("node", [
      { test_number: "2.1.1", test_desc: "Ensure that the --allow-privileged argument is set to false (Scored)", status: "FAIL", remediation: "r" },
      { test_number: "2.1.2", test_desc: "Ensure that the --anonymous-auth argument is set to false (Not Scored)", status: "WARN", remediation: "r" },
    ], "1.4");
    const parsed = parseKubeBenchOutput(JSON.stringify([old]));
    expect(parsed.checks.map((c) => c.scored)).toEqual([true, false]);
    expect(parsed.benchmarkVersion).toBe("1.4");
  });

  it.each([
    ["empty output", "", /printed nothing/],
    ["truncated JSON", JSON.stringify({ Controls: [master] }).slice(0, 200), /not kube-bench JSON|not valid JSON/],
    ["JSON that is not kube-bench's", JSON.stringify({ kind: "Status" }), /no Controls/],
    ["plain text", "[FAIL] Failed to read config file", /not kube-bench JSON/],
    ["a Controls without tests", JSON.stringify([{ id: "1", node_type: "master" }]), /has no tests/],
    ["a result without an id", JSON.stringify([controls("master", [{ status: "PASS" }])]), /no test_number/],
    ["an unknown status", JSON.stringify([controls("master", [check("1.1.1", "MAYBE")])]), /unknown status "MAYBE"/],
    ["no results at all", JSON.stringify({ Controls: [] }), /no Controls/],
    ["a corrupted line among lines", `${JSON.stringify(master)}\n{"id": "2", "tests": [`, /line 2 .* not valid JSON/],
  ])("refuses %s with a reason", (_name, text, message) => {
    expect(() => parseKubeBenchOutput(text)).toThrow(ParseError);
    expect(() => parseKubeBenchOutput(text)).toThrow(message);
  });
});
