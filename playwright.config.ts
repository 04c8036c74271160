import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { E2E_ADMIN } from "./e2e/support/users";

// End-to-end tests run in Chromium against the built app (`next build`, then scripts/start.ts), with a fresh
// PostgreSQL database per run. The config is evaluated by the runner and again by every worker: the values
// chosen on the first evaluation travel to the workers through the environment.
//   E2E_PG_ADMIN_URL  server to create the run's database on (default postgresql://postgres@127.0.0.1:5432/postgres)
//   E2E_PORT          port of the app (default 3100)
//   CHROMIUM_PATH     browser executable (default /usr/bin/chromium when it exists, else Playwright's own)
//   E2E_KEEP_DB=1     keep the run's database afterwards

const adminUrl = (process.env.E2E_PG_ADMIN_URL ||= "postgresql://postgres@127.0.0.1:5432/postgres");
const database = (process.env.E2E_DATABASE ||= `cis_e2e_${Date.now()}`);
const dataDir = (process.env.E2E_DATA_DIR ||= mkdtempSync(path.join(os.tmpdir(), "cis-e2e-")));
const port = (process.env.E2E_PORT ||= "3100");
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();
const chromium = process.env.CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  globalTeardown: "./e2e/support/global-teardown.ts",
  outputDir: "test-results",
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          ...(chromium ? { executablePath: chromium } : {}),
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        },
      },
    },
  ],
  webServer: {
    // Serves the existing build (`npm run test:e2e` builds first).
    command: "npx tsx e2e/support/create-database.ts && npx tsx scripts/start.ts",
    url: `http://localhost:${port}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: process.env.E2E_SERVER_LOG ? "pipe" : "ignore",
    stderr: "pipe",
    env: {
      DATABASE_URL: databaseUrl,
      E2E_PG_ADMIN_URL: adminUrl,
      E2E_DATABASE: database,
      DEMO_CLUSTER: "off",
      PORT: port,
      HOST: "127.0.0.1",
      NEXTAUTH_URL: `http://localhost:${port}`,
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      DATA_DIR: dataDir,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
