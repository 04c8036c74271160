import { z } from "zod";

// Every environment variable the product reads is read here. scripts/start.ts fills in the generated
// defaults (data folder secrets, embedded database URL) before the web and worker processes start.
const schema = z.object({
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required (scripts/start.ts sets it for the embedded database)"),
  CIS_SCANS_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64-encoded"),
  NEXTAUTH_SECRET: z.string().min(16),
  NODE_ENV: z.string().default("production"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}
