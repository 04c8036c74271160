// Conformance against a real client nobody here wrote: kubectl, over HTTPS (token and client certificate)
// and over plain HTTP. Missing kubectl fails these tests (helpers.kubectl throws); it never skips them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../index";
import { kubectl } from "./helpers";

const JOB_YAML = (name: string, node: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
  namespace: security-scan
  labels: {app: kube-bench}
spec:
  backoffLimit: 0
  template:
    spec:
      nodeName: ${node}
      hostPID: true
      restartPolicy: Never
      tolerations:
      - operator: Exists
      containers:
      - name: kube-bench
        image: rancher/security-scan:v0.2.2
        command: ["kube-bench", "run", "--targets", "etcd", "--benchmark", "rke-cis-1.4", "--json"]
        volumeMounts:
        - {name: var-lib-etcd, mountPath: /var/lib/etcd, readOnly: true}
      volumes:
      - name: var-lib-etcd
        hostPath: {path: /var/lib/etcd}
`;

describe("kubectl over HTTPS with a bearer token (CA from certificate-authority-data)", () => {
  let sim: Simulator;
  let kc: string;
  beforeAll(async () => {
    sim = await startSimulator({ preset: "rke-3", tls: true, podDurationMs: 100 });
    kc = sim.kubeconfig();
  });
  afterAll(() => sim?.stop());

  it("kubectl get nodes prints the server-side table (roles, version)", async () => {
    const r = await kubectl(kc, ["get", "nodes"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(lines[1]).toMatch(/^controlplane-1\s+Ready\s+controlplane\s+\d+s\s+v1\.14\.10$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(["controlplane-1", "etcd-1", "worker-1"]);
  });

  it("kubectl get nodes -o json and -l selectors", async () => {
    const all = JSON.parse((await kubectl(kc, ["get", "nodes", "-o", "json"])).stdout);
    expect(all.kind).toBe("List");
    expect(all.items).toHaveLength(3);
    expect(all.items[1].metadata.labels["node-role.kubernetes.io/etcd"]).toBe("true");
    const sel = JSON.parse((await kubectl(kc, ["get", "nodes", "-o", "json", "-l", "node-role.kubernetes.io/worker=true"])).stdout);
    expect(sel.items.map((n: any) => n.metadata.name)).toEqual(["worker-1"]);
    const names = (await kubectl(kc, ["get", "nodes", "-l", "!node-role.kubernetes.io/worker", "-o", "name"])).stdout.trim().split("\n");
    expect(names).toEqual(["node/controlplane-1", "node/etcd-1"]);
    const one = JSON.parse((await kubectl(kc, ["get", "node", "etcd-1", "-o", "json"])).stdout);
    expect(one.spec.taints[0].key).toBe("node-role.kubernetes.io/etcd");
  });

  it("applies a Job (no --validate=false), waits for it, reads its logs, deletes it", async () => {
    expect((await kubectl(kc, ["create", "namespace", "security-scan"])).code).toBe(0);
    const apply = await kubectl(kc, ["apply", "-f", "-"], JOB_YAML("kb-etcd", "etcd-1"));
    expect(apply.stderr).toBe("");
    expect(apply.stdout.trim()).toBe("job.batch/kb-etcd created");
    const wait = await kubectl(kc, ["wait", "--for=condition=complete", "job/kb-etcd", "-n", "security-scan", "--timeout=20s"]);
    expect(wait.stdout.trim()).toBe("job.batch/kb-etcd condition met");
    const logs = await kubectl(kc, ["logs", "job/kb-etcd", "-n", "security-scan"]);
    expect(logs.code).toBe(0);
    const report = JSON.parse(logs.stdout);
    expect(report.Controls[0].node_type).toBe("etcd");
    const pods = JSON.parse((await kubectl(kc, ["get", "pods", "-n", "security-scan", "-l", "job-name=kb-etcd", "-o", "json"])).stdout);
    expect(pods.items).toHaveLength(1);
    expect(pods.items[0].status.phase).toBe("Succeeded");
    const podLogs = await kubectl(kc, ["logs", "-n", "security-scan", pods.items[0].metadata.name, "--tail=1"]);
    expect(podLogs.stdout.trim().length).toBeGreaterThan(0);
    const table = (await kubectl(kc, ["get", "jobs", "-n", "security-scan"])).stdout;
    expect(table).toMatch(/kb-etcd\s+Complete\s+1\/1/);
    // re-applying the same file is a no-op; a change is patched
    expect((await kubectl(kc, ["apply", "-f", "-"], JOB_YAML("kb-etcd", "etcd-1"))).stdout.trim()).toBe("job.batch/kb-etcd unchanged");
    expect((await kubectl(kc, ["apply", "-f", "-"], JOB_YAML("kb-etcd", "etcd-1").replace("{app: kube-bench}", "{app: kube-bench, run: two}"))).stdout.trim()).toBe("job.batch/kb-etcd configured");
    expect((await kubectl(kc, ["get", "jobs", "-n", "security-scan", "-l", "run=two", "-o", "name"])).stdout.trim()).toBe("job.batch/kb-etcd");
    const del = await kubectl(kc, ["delete", "-f", "-"], JOB_YAML("kb-etcd", "etcd-1"));
    expect(del.stdout.trim()).toBe('job.batch "kb-etcd" deleted');
    expect((await kubectl(kc, ["get", "pods", "-n", "security-scan", "-o", "name"])).stdout.trim()).toBe("");
  });

  it("creates a ConfigMap (protobuf body) and reports AlreadyExists / NotFound like a real cluster", async () => {
    const c = await kubectl(kc, ["create", "configmap", "security-scan-cfg", "-n", "security-scan", "--from-literal=config.json={\"skip\":{}}"]);
    expect(c.stdout.trim()).toBe("configmap/security-scan-cfg created");
    const cm = JSON.parse((await kubectl(kc, ["get", "cm", "security-scan-cfg", "-n", "security-scan", "-o", "json"])).stdout);
    expect(cm.data).toEqual({ "config.json": '{"skip":{}}' });
    const again = await kubectl(kc, ["create", "configmap", "security-scan-cfg", "-n", "security-scan"]);
    expect(again.code).not.toBe(0);
    expect(again.stderr.trim()).toBe('error: failed to create configmap: configmaps "security-scan-cfg" already exists');
    const missing = await kubectl(kc, ["get", "configmap", "nope", "-n", "security-scan"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): configmaps "nope" not found');
  });

  it("read-only token is Forbidden on create; a bad token is Unauthorized", async () => {
    const ro = sim.kubeconfig({ user: "readonly" });
    expect((await kubectl(ro, ["get", "nodes", "-o", "name"])).stdout.trim().split("\n")).toHaveLength(3);
    const f = await kubectl(ro, ["create", "-f", "-"], JOB_YAML("ro-job", "worker-1"));
    expect(f.code).not.toBe(0);
    expect(f.stderr).toContain('Error from server (Forbidden): error when creating "STDIN": jobs.batch is forbidden: User "readonly" cannot create resource "jobs" in API group "batch" in the namespace "security-scan"');
    const bad = await kubectl(kc.replace(sim.tokens.admin, "not-a-token"), ["get", "nodes"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("error: You must be logged in to the server (the server has asked for the client to provide credentials)");
  });
});

describe("kubectl over HTTPS with a client certificate", () => {
  let sim: Simulator;
  beforeAll(async () => { sim = await startSimulator({ preset: "rke-ha:2", tls: true }); });
  afterAll(() => sim?.stop());

  it("authenticates with client-certificate-data (CN=admin, O=system:masters)", async () => {
    const kc = sim.kubeconfig({ user: "cert" });
    expect(kc).toContain("client-certificate-data");
    expect(kc).not.toContain(sim.tokens.admin);
    const r = await kubectl(kc, ["get", "nodes", "-o", "name"]);
    expect(r.stdout.trim().split("\n")).toEqual(["node/master-1", "node/master-2", "node/master-3", "node/worker-1", "node/worker-2"]);
    expect(sim.requests.log({ path: "/api/v1/nodes" }).at(-1)!.user).toBe("admin");
    expect((await kubectl(kc, ["create", "configmap", "by-cert"])).code).toBe(0);
  });

  it("a certificate for another user is authorized by RBAC (Forbidden without a binding)", async () => {
    const { certPem, keyPem } = sim.clientCert("auditor");
    const kc = sim.kubeconfig({ user: "cert" })
      .replace(/client-certificate-data: .*/, `client-certificate-data: ${Buffer.from(certPem).toString("base64")}`)
      .replace(/client-key-data: .*/, `client-key-data: ${Buffer.from(keyPem).toString("base64")}`);
    const r = await kubectl(kc, ["get", "nodes"]);
    expect(r.stderr).toContain('nodes is forbidden: User "auditor" cannot list resource "nodes" in API group "" at the cluster scope');
  });
});

describe("kubectl over plain HTTP", () => {
  it("kubectl sends no token over http (client-go), so it is Unauthorized unless anonymous access is enabled", async () => {
    const closed = await startSimulator({ preset: "rke-3" });
    const open = await startSimulator({ preset: "rke-3", anonymous: "admin" });
    try {
      const denied = await kubectl(closed.kubeconfig(), ["get", "nodes"]);
      expect(denied.code).not.toBe(0);
      expect(denied.stderr).toContain("error: You must be logged in to the server");
      const ok = await kubectl(open.kubeconfig(), ["get", "nodes", "-o", "name"]);
      expect(ok.stdout.trim().split("\n")).toHaveLength(3);
      expect((await kubectl(open.kubeconfig(), ["get", "cm", "missing"])).stderr.trim()).toBe('Error from server (NotFound): configmaps "missing" not found');
      // a request with a wrong token is still refused
      expect((await fetch(`${open.url}/api/v1/nodes`, { headers: { Authorization: "Bearer wrong" } })).status).toBe(401);
    } finally {
      await closed.stop();
      await open.stop();
    }
  });
});
