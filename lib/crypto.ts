import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// Secrets at rest (kubeconfigs, notifier credentials): AES-256-GCM with the key from
// CIS_SCANS_ENCRYPTION_KEY (32 bytes, base64). Envelope: "v1:<iv>:<tag>:<ciphertext>", all base64.
// The associated data binds a ciphertext to its owner (e.g. "cluster:<id>") so it cannot be swapped.

const VERSION = "v1";

function key(): Buffer {
  const raw = process.env.CIS_SCANS_ENCRYPTION_KEY;
  const buf = raw ? Buffer.from(raw, "base64") : Buffer.alloc(0);
  if (buf.length !== 32) {
    throw new Error("CIS_SCANS_ENCRYPTION_KEY must be set to 32 random bytes, base64-encoded");
  }
  return buf;
}

export function encryptSecret(plaintext: string, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64"), cipher.getAuthTag().toString("base64"), ciphertext.toString("base64")].join(":");
}

export function decryptSecret(envelope: string, associatedData: string): string {
  const [version, iv, tag, ciphertext] = envelope.split(":");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("Unrecognised secret envelope");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64"));
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64")), decipher.final()]).toString("utf8");
}

export function generateKey(): string {
  return randomBytes(32).toString("base64");
}
