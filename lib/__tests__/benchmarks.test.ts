import { afterEach, describe, expect, it } from "vitest";
import { benchmarkFits, findBenchmark, kubeBenchArgs, scanImage, targetsFor } from "../benchmarks";
import { BUILT_IN_PROFILES, RKE_CIS_14_NOT_APPLICABLE, RKE_CIS_14_PERMISSIVE_SKIPS } from "../profiles";

const rke = findBenchmark("rke-cis-1.4")!;
const cis19 = findBenchmark("cis-1.9")!;

describe("benchmarks", () => {
  afterEach(() => {
    delete process.env.SCAN_IMAGE_REGISTRY;
  });

  it("run kube-bench with the targets of the node's roles", () => {
    expect(targetsFor(rke, ["controlplane"])).toEqual(["master"]);
    expect(targetsFor(rke, ["controlplane", "etcd"])).toEqual(["master", "etcd"]);
    expect(targetsFor(rke, ["worker"])).toEqual(["node"]);
    expect(kubeBenchArgs(rke, ["master", "etcd"])).toEqual(["kube-bench", "run", "--targets", "master,etcd", "--benchmark", "rke-cis-1.4", "--json"]);
    expect(targetsFor(cis19, ["controlplane"])).toEqual(["master", "controlplane", "policies", "etcd"]);
  });

  it("take their image from a mirror for air-gapped clusters", () => {
    expect(scanImage(rke)).toBe("docker.io/rancher/security-scan:v0.2.2");
    process.env.SCAN_IMAGE_REGISTRY = "registry.local:5000/";
    expect(scanImage(rke)).toBe("registry.local:5000/rancher/security-scan:v0.2.2");
    expect(scanImage(rke, "my/own:1")).toBe("my/own:1");
  });

  it("fit clusters by provider and Kubernetes version", () => {
    expect(benchmarkFits(rke, "rke", "v1.14.10")).toBe(true);
    expect(benchmarkFits(rke, "rke", "v1.27.3")).toBe(false);
    expect(benchmarkFits(rke, "eks", "v1.14.10")).toBe(false);
    expect(benchmarkFits(cis19, "generic", "v1.28.2")).toBe(true);
    expect(benchmarkFits(cis19, "generic", "v1.26.0")).toBe(false);
  });
});

describe("built-in RKE profiles", () => {
  it("carry exactly the seeds' 15 skipped and 19 not-applicable tests, each with a reason", () => {
    expect(RKE_CIS_14_PERMISSIVE_SKIPS.map((s) => s.id)).toEqual([
      "1.1.11", "1.1.21", "1.1.24", "1.1.34", "1.1.35", "1.1.36", "1.2.2", "1.3.7", "1.4.12", "1.7.2", "1.7.3", "1.7.4", "1.7.5", "2.1.6", "2.1.10",
    ]);
    expect(RKE_CIS_14_NOT_APPLICABLE.map((s) => s.id)).toEqual([
      "1.1.9", "1.3.6", "1.4.1", "1.4.2", "1.4.3", "1.4.4", "1.4.5", "1.4.6", "1.4.7", "1.4.8", "1.4.13", "1.4.14", "2.1.8", "2.1.12", "2.1.13", "2.2.3", "2.2.4", "2.2.9", "2.2.10",
    ]);
    for (const s of [...RKE_CIS_14_PERMISSIVE_SKIPS, ...RKE_CIS_14_NOT_APPLICABLE]) expect(s.reason.length).toBeGreaterThan(20);
    const permissive = BUILT_IN_PROFILES.find((p) => p.name === "RKE-CIS-1.4-Permissive")!;
    const hardened = BUILT_IN_PROFILES.find((p) => p.name === "RKE-CIS-1.4-Hardened")!;
    expect(permissive.skips).toHaveLength(15);
    expect(hardened.skips).toHaveLength(0);
  });
});
