import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// The project data folder (DATA_DIR, default ./.data): the embedded database and the secrets generated for
// the embedded default. Nothing here is needed when DATABASE_URL, CIS_SCANS_ENCRYPTION_KEY and
// NEXTAUTH_SECRET are provided by the environment.

export const dataDir = () => path.resolve(process.env.DATA_DIR ?? ".data");

/** Reads a secret file from the data folder, creating it (mode 0600) on first use. */
export function persistentSecret(name: string, bytes = 32): string {
  const file = path.join(dataDir(), name);
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  // The folder stays traversable: as root, the embedded PostgreSQL runs as its own user inside it. Secrets are 0600.
  fs.mkdirSync(dataDir(), { recursive: true });
  const value = randomBytes(bytes).toString("base64");
  fs.writeFileSync(file, value + "\n", { mode: 0o600, flag: "wx" });
  return value;
}

/** Fills the secret variables from the data folder where the environment does not set them. */
export function ensureSecrets(): void {
  process.env.CIS_SCANS_ENCRYPTION_KEY ||= persistentSecret("encryption.key");
  process.env.NEXTAUTH_SECRET ||= persistentSecret("nextauth.secret");
}
