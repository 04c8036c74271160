// Authentication (bearer tokens, client certificates) and authorization (built-in users + stored RBAC objects).
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { randomBytes } from "node:crypto";
import { ApiError } from "./errors";
import { lookupResource, RESOURCES, type ResourceDef } from "./resources";
import type { Store } from "./store";

export interface User { name: string; groups: string[] }

export interface Attributes {
  verb: string;
  resource?: ResourceDef;
  subresource?: string;
  namespace?: string;
  name?: string;
  path: string;
}

export interface Tokens { admin: string; readonly: string }

export const newToken = () => randomBytes(24).toString("hex");

export class Auth {
  private byToken = new Map<string, User>();
  /** Unauthenticated requests act as this user (the legacy insecure port); undefined = 401. */
  anonymous?: User;
  constructor(public tokens: Tokens, extra: { name: string; token: string; groups?: string[] }[] = [], private store: Store) {
    this.byToken.set(tokens.admin, { name: "admin", groups: ["system:masters", "system:authenticated"] });
    this.byToken.set(tokens.readonly, { name: "readonly", groups: ["system:authenticated"] });
    for (const u of extra) this.byToken.set(u.token, { name: u.name, groups: [...(u.groups || []), "system:authenticated"] });
  }

  /** undefined = no credentials at all; throws 401 on bad credentials. */
  authenticate(req: IncomingMessage): User | undefined {
    const h = req.headers.authorization;
    if (h) {
      const m = h.match(/^Bearer\s+(\S+)$/i);
      const u = m ? this.byToken.get(m[1]) : undefined;
      if (!u) throw new ApiError(401, "Unauthorized", "Unauthorized");
      return u;
    }
    const sock = req.socket as TLSSocket;
    if (typeof sock.getPeerCertificate === "function" && sock.authorized) {
      const c = sock.getPeerCertificate();
      if (c && c.subject) {
        const cn = Array.isArray(c.subject.CN) ? c.subject.CN[0] : c.subject.CN;
        const o = c.subject.O;
        const groups = o === undefined ? [] : Array.isArray(o) ? o : [o];
        if (cn) return { name: cn, groups: [...groups, "system:authenticated"] };
      }
    }
    return this.anonymous;
  }

  setAnonymous(role: "admin" | "readonly" | undefined) {
    this.anonymous = role === "admin" ? { name: "admin", groups: ["system:masters", "system:authenticated"] } : role === "readonly" ? { name: "readonly", groups: ["system:authenticated"] } : undefined;
  }

  allowed(u: User, a: Attributes): boolean {
    if (u.groups.includes("system:masters")) return true;
    if (!a.resource) return true; // discovery, openapi, version, health: system:discovery / public-info-viewer
    if (u.name === "readonly") return ["get", "list", "watch"].includes(a.verb);
    return this.rbacAllows(u, a);
  }

  /** Evaluate stored ClusterRoleBindings / RoleBindings for users other than the built-in ones. */
  private rbacAllows(u: User, a: Attributes): boolean {
    const crb = RESOURCES.find((d) => d.plural === "clusterrolebindings")!;
    const rb = RESOURCES.find((d) => d.plural === "rolebindings")!;
    const cr = RESOURCES.find((d) => d.plural === "clusterroles")!;
    const role = RESOURCES.find((d) => d.plural === "roles")!;
    const subjectMatches = (s: any, ns?: string) =>
      (s.kind === "User" && s.name === u.name) || (s.kind === "Group" && u.groups.includes(s.name)) ||
      (s.kind === "ServiceAccount" && u.name === `system:serviceaccount:${s.namespace || ns}:${s.name}`);
    const rulesAllow = (rules: any[] = []) => rules.some((r) => {
      const res = a.resource!;
      const resName = a.subresource ? `${res.plural}/${a.subresource}` : res.plural;
      return (r.verbs || []).some((v: string) => v === "*" || v === a.verb) &&
        (r.apiGroups || []).some((g: string) => g === "*" || g === res.group) &&
        (r.resources || []).some((x: string) => x === "*" || x === resName || (x === `${res.plural}/*` && a.subresource) || (x === `*/${a.subresource}` && a.subresource)) &&
        (!r.resourceNames?.length || (a.name !== undefined && r.resourceNames.includes(a.name)));
    });
    for (const b of this.store.list(crb)) {
      if ((b.subjects || []).some((s: any) => subjectMatches(s)) && b.roleRef?.kind === "ClusterRole") {
        if (rulesAllow(this.store.get(cr, undefined, b.roleRef.name)?.rules)) return true;
      }
    }
    if (a.namespace) {
      for (const b of this.store.list(rb, a.namespace)) {
        if (!(b.subjects || []).some((s: any) => subjectMatches(s, a.namespace))) continue;
        const r = b.roleRef?.kind === "ClusterRole" ? this.store.get(cr, undefined, b.roleRef.name) : this.store.get(role, a.namespace, b.roleRef?.name);
        if (rulesAllow(r?.rules)) return true;
      }
    }
    return false;
  }
}

/** The message the RBAC authorizer gives. */
export function forbidden(u: User, a: Attributes): ApiError {
  if (!a.resource) return new ApiError(403, "Forbidden", `forbidden: User "${u.name}" cannot ${a.verb} path "${a.path}"`, {});
  const r = a.resource;
  const qualified = r.group ? `${r.plural}.${r.group}` : r.plural;
  const what = a.subresource ? `${r.plural}/${a.subresource}` : r.plural;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : "at the cluster scope";
  const subject = a.name ? `${qualified} "${a.name}"` : qualified;
  return new ApiError(403, "Forbidden",
    `${subject} is forbidden: User "${u.name}" cannot ${a.verb} resource "${what}" in API group "${r.group}" ${scope}`,
    { ...(a.name ? { name: a.name } : {}), group: r.group || undefined, kind: r.plural });
}

export { lookupResource };
