// A tiny X.509 issuer (DER by hand, ECDSA P-256 via node:crypto): a CA, the server certificate and client
// certificates (CN = user, O = groups), generated at start without network or extra dependencies.
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from "node:crypto";
import { isIP } from "node:net";

// ---- DER ----
function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  while (n > 0) { bytes.unshift(n & 0xff); n >>= 8; }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, content: Buffer) => Buffer.concat([Buffer.from([tag]), len(content.length), content]);
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const ctx = (n: number, content: Buffer, constructed = true) => tlv((constructed ? 0xa0 : 0x80) | n, content);
const bool = (b: boolean) => tlv(0x01, Buffer.from([b ? 0xff : 0]));
const octets = (b: Buffer) => tlv(0x04, b);
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, "utf8"));
function integer(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0 && !(b[i + 1] & 0x80)) i++;
  b = b.subarray(i);
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}
function oid(s: string): Buffer {
  const p = s.split(".").map(Number);
  const out = [40 * p[0] + p[1]];
  for (const v of p.slice(2)) {
    const stack = [v & 0x7f];
    let x = Math.floor(v / 128);
    while (x > 0) { stack.unshift((x & 0x7f) | 0x80); x = Math.floor(x / 128); }
    out.push(...stack);
  }
  return tlv(0x06, Buffer.from(out));
}
const bitString = (b: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));
function time(d: Date): Buffer {
  const pad = (n: number) => String(n).padStart(2, "0");
  const y = d.getUTCFullYear();
  const body = `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
  return y < 2050 ? tlv(0x17, Buffer.from(`${String(y).slice(2)}${body}`)) : tlv(0x18, Buffer.from(`${y}${body}`));
}

const OID = {
  cn: "2.5.4.3", o: "2.5.4.10", ecdsaSha256: "1.2.840.10045.4.3.2",
  basicConstraints: "2.5.29.19", keyUsage: "2.5.29.15", extKeyUsage: "2.5.29.37", san: "2.5.29.17", ski: "2.5.29.14", aki: "2.5.29.35",
  serverAuth: "1.3.6.1.5.5.7.3.1", clientAuth: "1.3.6.1.5.5.7.3.2",
};

function name(cn: string, orgs: string[] = []): Buffer {
  const rdns = orgs.map((o) => set(seq(oid(OID.o), utf8(o))));
  rdns.push(set(seq(oid(OID.cn), utf8(cn))));
  return seq(...rdns);
}
const ext = (id: string, critical: boolean, value: Buffer) => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
// KeyUsage bits: digitalSignature(0) keyEncipherment(2) keyCertSign(5) cRLSign(6)
function keyUsage(bits: number[]): Buffer {
  let v = 0;
  for (const b of bits) v |= 0x80 >> b;
  return tlv(0x03, Buffer.from([bits.includes(6) ? 1 : bits.includes(5) ? 2 : 5, v]));
}

export interface Issued { certPem: string; keyPem: string; cert: X509Certificate; key: KeyObject }

interface IssueOpts {
  cn: string; orgs?: string[]; isCA?: boolean; serverAuth?: boolean; clientAuth?: boolean;
  dnsNames?: string[]; ips?: string[]; issuer?: Issued; days?: number;
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split(".").map(Number));
  const [head, tail] = ip.split("::");
  const h = head ? head.split(":") : [];
  const t = tail !== undefined && tail ? tail.split(":") : [];
  const groups = tail !== undefined ? [...h, ...Array(8 - h.length - t.length).fill("0"), ...t] : h;
  return Buffer.concat(groups.map((g) => { const b = Buffer.alloc(2); b.writeUInt16BE(parseInt(g || "0", 16)); return b; }));
}

function skiOf(spki: Buffer): Buffer {
  return createHash("sha1").update(spki).digest();
}

export function issue(o: IssueOpts): Issued {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const spki = publicKey.export({ type: "spki", format: "der" });
  const now = Date.now();
  const alg = seq(oid(OID.ecdsaSha256));
  const subject = name(o.cn, o.orgs);
  const issuerName = o.issuer ? name(o.issuer.cert.subject.match(/CN=([^\n]+)/)?.[1] ?? "ca") : subject;
  const exts: Buffer[] = [];
  exts.push(ext(OID.keyUsage, true, o.isCA ? keyUsage([0, 5, 6]) : keyUsage([0, 2])));
  const eku: Buffer[] = [];
  if (o.serverAuth) eku.push(oid(OID.serverAuth));
  if (o.clientAuth) eku.push(oid(OID.clientAuth));
  if (eku.length) exts.push(ext(OID.extKeyUsage, false, seq(...eku)));
  exts.push(ext(OID.basicConstraints, true, o.isCA ? seq(bool(true)) : seq()));
  exts.push(ext(OID.ski, false, octets(skiOf(spki))));
  if (o.issuer) {
    const issuerSpki = o.issuer.cert.publicKey.export({ type: "spki", format: "der" });
    exts.push(ext(OID.aki, false, seq(ctx(0, skiOf(issuerSpki), false))));
  }
  if (o.dnsNames?.length || o.ips?.length) {
    const names = [
      ...(o.dnsNames || []).map((d) => ctx(2, Buffer.from(d), false)),
      ...(o.ips || []).map((ip) => ctx(7, ipBytes(ip), false)),
    ];
    exts.push(ext(OID.san, false, seq(...names)));
  }
  const serial = randomBytes(16); serial[0] &= 0x7f;
  const tbs = seq(
    ctx(0, integer(Buffer.from([2]))),
    integer(serial),
    alg,
    issuerName,
    seq(time(new Date(now - 3600_000)), time(new Date(now + (o.days ?? 365) * 86400_000))),
    subject,
    spki,
    ctx(3, seq(...exts)),
  );
  const signer = o.issuer ? o.issuer.key : privateKey;
  const sig = sign("sha256", tbs, signer);
  const der = seq(tbs, alg, bitString(sig));
  const certPem = `-----BEGIN CERTIFICATE-----\n${der.toString("base64").match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----\n`;
  const keyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  return { certPem, keyPem, cert: new X509Certificate(certPem), key: createPrivateKey(keyPem) };
}

export interface Pki {
  ca: Issued;
  server: Issued;
  client(user: string, groups?: string[]): Issued;
}

export function createPki(host: string): Pki {
  const ca = issue({ cn: "kube-sim-ca", isCA: true, days: 3650 });
  const dnsNames = ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"];
  const ips = ["127.0.0.1", "::1"];
  if (isIP(host)) { if (!ips.includes(host) && host !== "0.0.0.0" && host !== "::") ips.push(host); }
  else if (!dnsNames.includes(host)) dnsNames.push(host);
  const server = issue({ cn: "kube-apiserver", serverAuth: true, dnsNames, ips, issuer: ca });
  const cache = new Map<string, Issued>();
  return {
    ca, server,
    client(user, groups = []) {
      const k = `${user}|${groups.join(",")}`;
      let c = cache.get(k);
      if (!c) cache.set(k, (c = issue({ cn: user, orgs: groups, clientAuth: true, issuer: ca })));
      return c;
    },
  };
}
