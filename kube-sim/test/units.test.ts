// Pure pieces: selectors, patches, output faults, generated certificates.
import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { matchLabels, parseLabelSelector } from "../selectors";
import { jsonPatch, mergePatch, strategicMergePatch } from "../patch";
import { malformJson, padOutput, truncateOutput } from "../output";
import { createPki } from "../tls";

describe("selectors", () => {
  it("parses and matches every operator; rejects garbage with a 400", () => {
    const l = { app: "kb", tier: "node", n: "5" };
    const m = (s: string) => matchLabels(parseLabelSelector(s), l);
    expect(m("app=kb,tier in (node, master)")).toBe(true);
    expect(m("app notin (kb)")).toBe(false);
    expect(m("!missing,app")).toBe(true);
    expect(m("n>4,n<6")).toBe(true);
    expect(m("app!=kb")).toBe(false);
    expect(() => parseLabelSelector("a=b=c")).toThrow();
    try { parseLabelSelector("a in b"); } catch (e) { expect((e as { code: number }).code).toBe(400); }
  });
});

describe("patches", () => {
  it("merge patch deletes with null; strategic merges containers by name; json patch ops", () => {
    expect(mergePatch({ a: { b: 1, c: 2 } }, { a: { c: null, d: 3 } })).toEqual({ a: { b: 1, d: 3 } });
    const spec = { containers: [{ name: "a", image: "x" }, { name: "b", image: "y" }] };
    expect(strategicMergePatch(spec, { containers: [{ name: "b", image: "z" }], "$setElementOrder/containers": [{ name: "a" }, { name: "b" }] }))
      .toEqual({ containers: [{ name: "a", image: "x" }, { name: "b", image: "z" }] });
    expect(strategicMergePatch(spec, { containers: [{ name: "a", $patch: "delete" }] })).toEqual({ containers: [{ name: "b", image: "y" }] });
    expect(jsonPatch({ a: [1, 2] }, [{ op: "add", path: "/a/-", value: 3 }, { op: "move", from: "/a", path: "/b" }, { op: "copy", from: "/b/0", path: "/c" }]))
      .toEqual({ b: [1, 2, 3], c: 1 });
  });
});

describe("output faults", () => {
  const doc = JSON.stringify({ Controls: [{ id: "1", tests: [{ results: [{ actual_value: "a,b", status: "PASS" }, { actual_value: "", status: "FAIL" }] }] }], Totals: { total_pass: 1 } });
  it("malformed and truncated do not parse; padded still parses and is big", () => {
    expect(() => JSON.parse(malformJson(doc))).toThrow();
    expect(() => JSON.parse(truncateOutput(doc))).toThrow();
    const big = padOutput(doc, 1_000_000);
    expect(big.length).toBeGreaterThanOrEqual(1_000_000);
    expect(JSON.parse(big).Totals.total_pass).toBe(1);
  });
});

describe("tls", () => {
  it("issues a CA, a server certificate with SANs and client certificates (CN, O) that chain to the CA", () => {
    const pki = createPki("127.0.0.1");
    const server = new X509Certificate(pki.server.certPem);
    expect(server.verify(pki.ca.cert.publicKey)).toBe(true);
    expect(server.subjectAltName).toContain("IP Address:127.0.0.1");
    expect(server.subjectAltName).toContain("DNS:localhost");
    expect(pki.ca.cert.ca).toBe(true);
    const client = new X509Certificate(pki.client("admin", ["system:masters"]).certPem);
    expect(client.checkIssued(pki.ca.cert)).toBe(true);
    expect(client.subject).toBe("O=system:masters\nCN=admin");
  });
});
