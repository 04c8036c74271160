import path from "node:path";
import { defineConfig } from "prisma/config";

// `prisma generate` never runs the schema engine, but the CLI tries to download it first; that host is
// unreachable on offline machines. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips the
// download. Only done for `generate`: other commands keep their normal behaviour where the engine exists.
if (process.argv.includes("generate") && !process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.resolve("package.json");
}
process.env.CHECKPOINT_DISABLE ??= "1";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // Read process.env directly: `prisma generate` must work without DATABASE_URL.
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/cis_scans" },
});
