import net from "node:net";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "@/kube-sim";
import * as clustersRoute from "@/app/api/clusters/route";
import * as clusterRoute from "@/app/api/clusters/[clusterId]/route";
import * as usersRoute from "@/app/api/users/route";
import { db } from "@/lib/db";
import { useTestDatabase } from "./db";
import { call, makeUser, type TestUser } from "./http";

// Registering clusters against the Kubernetes API simulator, and every kind of bad input: each gets a 4xx
// whose message names the problem, and nothing stored changes.

useTestDatabase();
let sim: Simulator;
let admin: TestUser;
beforeAll(async () => {
  sim = await startSimulator({ preset: "rke-3", tls: true });
  admin = await makeUser("ADMIN");
});
afterAll(async () => sim?.stop());

const post = (body: unknown, user: TestUser = admin) => call(clustersRoute.POST as any, "POST", "/api/clusters", { user, body });

async function snapshot() {
  const [clusters, users, memberships] = await Promise.all([
    db.cluster.findMany({ orderBy: { id: "asc" } }),
    db.user.findMany({ orderBy: { id: "asc" } }),
    db.membership.findMany({ orderBy: { id: "asc" } }),
  ]);
  return JSON.stringify({ clusters, users, memberships });
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe("registering a cluster", () => {
  it("stores it with the server version, nodes, roles and provider, and the kubeconfig encrypted", async () => {
    const res = await post({ auth: "KUBECONFIG", name: "rke prod", kubeconfig: sim.kubeconfig() });
    expect(res.status, res.text).toBe(201);
    expect(res.json.version).toMatch(/^v1\.14\./);
    expect(res.json.provider).toBe("rke");
    expect(res.json.nodeCount).toBe(3);
    expect(res.json.nodeSummary.roles).toEqual({ controlplane: 1, etcd: 1, worker: 1 });
    expect(res.json.server).toBe(sim.url);
    expect(res.text).not.toContain(sim.tokens.admin);
    const stored = await db.cluster.findUniqueOrThrow({ where: { id: res.json.id } });
    expect(stored.kubeconfigEnc).toMatch(/^v1:/);
    expect(stored.kubeconfigEnc).not.toContain(sim.tokens.admin);
    const membership = await db.membership.findFirst({ where: { clusterId: res.json.id } });
    expect(membership?.role).toBe("OWNER");
  });

  it("picks the requested context of a kubeconfig with several", async () => {
    const doc = yaml.load(sim.kubeconfig()) as any;
    doc.contexts.push({ name: "broken", context: { cluster: doc.clusters[0].name, user: doc.users[0].name } });
    doc.clusters.push({ name: "nowhere", cluster: { server: `https://127.0.0.1:${await closedPort()}` } });
    doc.contexts.push({ name: "unreachable", context: { cluster: "nowhere", user: doc.users[0].name } });
    const text = yaml.dump(doc);
    const res = await post({ auth: "KUBECONFIG", name: "two contexts", kubeconfig: text, contextName: "broken" });
    expect(res.status, res.text).toBe(201);
    expect(res.json.contextName).toBe("broken");
  });
});

describe("bad input is refused with a 4xx naming the problem, and nothing stored changes", () => {
  const cases: { name: string; body: () => Promise<unknown> | unknown; status: number; field: string; message: RegExp }[] = [
    {
      name: "malformed kubeconfig",
      body: () => ({ auth: "KUBECONFIG", name: "bad-yaml", kubeconfig: "apiVersion: v1\nclusters: [\n  - {name: x" }),
      status: 422,
      field: "kubeconfig",
      message: /not valid YAML/,
    },
    {
      name: "a YAML document that is not a kubeconfig",
      body: () => ({ auth: "KUBECONFIG", name: "not-kc", kubeconfig: "just a string" }),
      status: 422,
      field: "kubeconfig",
      message: /not a kubeconfig/,
    },
    {
      name: "unreachable API server",
      body: async () => {
        const doc = yaml.load(sim.kubeconfig()) as any;
        doc.clusters[0].cluster.server = `https://127.0.0.1:${await closedPort()}`;
        return { auth: "KUBECONFIG", name: "unreachable", kubeconfig: yaml.dump(doc) };
      },
      status: 422,
      field: "kubeconfig",
      message: /ECONNREFUSED|connect/i,
    },
    {
      name: "wrong context name",
      body: () => ({ auth: "KUBECONFIG", name: "wrong-ctx", kubeconfig: sim.kubeconfig(), contextName: "no-such-context" }),
      status: 422,
      field: "contextName",
      message: /no-such-context/,
    },
    {
      name: "credentials the API server refuses",
      body: () => ({ auth: "KUBECONFIG", name: "bad-token", kubeconfig: sim.kubeconfig().replace(sim.tokens.admin, "not-a-valid-token") }),
      status: 422,
      field: "kubeconfig",
      message: /401/,
    },
    {
      name: "an exec credential plugin (would run a program on the dashboard host)",
      body: () => {
        const doc = yaml.load(sim.kubeconfig()) as any;
        doc.users[0].user = { exec: { command: "/bin/sh", args: ["-c", "touch /tmp/pwned"], apiVersion: "client.authentication.k8s.io/v1" } };
        return { auth: "KUBECONFIG", name: "exec", kubeconfig: yaml.dump(doc) };
      },
      status: 422,
      field: "kubeconfig",
      message: /exec credential plugins are not supported/,
    },
    {
      name: "oversized kubeconfig upload",
      body: () => ({ auth: "KUBECONFIG", name: "huge", kubeconfig: sim.kubeconfig() + "\n# " + "x".repeat(300 * 1024) }),
      status: 422,
      field: "kubeconfig",
      message: /256 KiB/,
    },
    {
      name: "a body over the request limit",
      body: () => ({ auth: "KUBECONFIG", name: "huger", kubeconfig: "x".repeat(2 * 1024 * 1024) }),
      status: 413,
      field: "body",
      message: /larger than/,
    },
    {
      name: "a missing name",
      body: () => ({ auth: "KUBECONFIG", kubeconfig: sim.kubeconfig() }),
      status: 422,
      field: "name",
      message: /name/,
    },
    {
      name: "in-cluster registration outside Kubernetes",
      body: () => ({ auth: "IN_CLUSTER", name: "in-cluster" }),
      status: 422,
      field: "auth",
      message: /not running inside a Kubernetes cluster/,
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const before = await snapshot();
      const res = await post(await c.body());
      expect(res.status, res.text).toBe(c.status);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.json.detail).toMatch(c.message);
      expect(res.json.errors.map((e: { field: string }) => e.field)).toContain(c.field);
      expect(await snapshot()).toBe(before);
    });
  }

  it("a duplicate cluster name is a 409 naming the field", async () => {
    const first = await post({ auth: "KUBECONFIG", name: "dup", kubeconfig: sim.kubeconfig() });
    expect(first.status).toBe(201);
    const before = await snapshot();
    const res = await post({ auth: "KUBECONFIG", name: "dup", kubeconfig: sim.kubeconfig() });
    expect(res.status).toBe(409);
    expect(res.json.errors[0].field).toBe("name");
    expect(await snapshot()).toBe(before);
  });

  it("an edit with a broken kubeconfig keeps the stored one", async () => {
    const created = await post({ auth: "KUBECONFIG", name: "edit-me", kubeconfig: sim.kubeconfig() });
    const before = await snapshot();
    const res = await call(clusterRoute.PATCH as any, "PATCH", `/api/clusters/${created.json.id}`, {
      user: admin,
      params: { clusterId: created.json.id },
      body: { kubeconfig: "not: [valid" },
    });
    expect(res.status).toBe(422);
    expect(await snapshot()).toBe(before);
  });

  it("an invalid email for a new user", async () => {
    const before = await snapshot();
    const res = await call(usersRoute.POST as any, "POST", "/api/users", {
      user: admin,
      body: { email: "not-an-email", name: "X", password: "long enough password" },
    });
    expect(res.status).toBe(422);
    expect(res.json.errors[0].field).toBe("email");
    expect(res.json.detail).toMatch(/email/);
    expect(await snapshot()).toBe(before);
  });

  it("malformed JSON", async () => {
    const res = await call(clustersRoute.POST as any, "POST", "/api/clusters", {
      user: admin,
      rawBody: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].field).toBe("body");
  });
});

describe("re-testing", () => {
  it("records an unreachable server as the cluster's last error", async () => {
    const other = await startSimulator({ preset: "rke-3", tls: true });
    const created = await post({ auth: "KUBECONFIG", name: "goes-away", kubeconfig: other.kubeconfig() });
    expect(created.status).toBe(201);
    await other.stop();
    const { POST } = await import("@/app/api/clusters/[clusterId]/test/route");
    const res = await call(POST as any, "POST", `/api/clusters/${created.json.id}/test`, { user: admin, params: { clusterId: created.json.id } });
    expect(res.status).toBe(200);
    expect(res.json.lastError).toMatch(/ECONNREFUSED|connect|fetch failed/i);
    expect(res.json.version).toMatch(/^v1\.14/);
  });
});
