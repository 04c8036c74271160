import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { startSimulator, type Simulator } from "../kube-sim";
import { E2E_ADMIN } from "./support/users";
import { addCluster, openCisScans, signIn } from "./support/ui";

// Recurring scans and alerts from an administrator's seat: add a schedule and read its next runs, see a
// bad cron expression refused under its field, add a signed webhook notifier and send it a test, add an
// alert for completed manual scans, run a scan, and find the notification both in the log and at the
// receiver (a local HTTP server started by this spec), with a valid signature.

const CLUSTER = "alert-lab";
const HMAC_SECRET = "e2e-hmac-secret-0123456789";
const PROFILE = "RKE-CIS-1.4-Permissive";

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
}

let sim: Simulator;
let receiver: http.Server;
let hookUrl: string;
const received: Received[] = [];

/** Full-page screenshots for a look at the screens, when E2E_SHOTS names a folder. */
async function shot(page: Page, name: string) {
  if (process.env.E2E_SHOTS) await page.screenshot({ path: `${process.env.E2E_SHOTS}/${name}.png`, fullPage: true });
}

test.beforeAll(async () => {
  sim = await startSimulator({ preset: "rke-3", tls: true });
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method === "POST") received.push({ path: req.url ?? "", headers: req.headers, raw: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});

test.afterAll(async () => {
  await sim?.stop();
  await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
});

test.describe.configure({ mode: "serial" });

test("an administrator schedules recurring scans; a bad interval is refused under its field", async ({ page }) => {
  await page.goto("/signin");
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page).toHaveURL(/\/clusters$/);
  await addCluster(page, CLUSTER, sim.kubeconfig({ contextName: "lab" }));
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name: CLUSTER })).toBeVisible();

  await openCisScans(page, CLUSTER);
  await page.getByRole("link", { name: "Add Schedule" }).click();
  await expect(page).toHaveURL(/\/cis-scans\/schedule$/);
  await expect(page.getByRole("heading", { level: 1, name: "Scheduled scans" })).toBeVisible();
  await expect(page.getByTestId("schedule-status")).toContainText("No recurring scans yet");

  const form = page.getByRole("form", { name: "Schedule" });
  await expect(form.getByRole("radio", { name: "Yes" })).toBeChecked();
  await form.getByLabel("CIS Scan Profile").selectOption({ label: PROFILE });
  // The tests the profile skips, grouped like the Run Scan preview.
  await expect(form.getByRole("region", { name: "Tests scheduled scans will skip" })).toContainText("Profile skip");
  await expect(form.getByText(/^Not applicable \(\d+\)$/)).toBeVisible();

  // An invalid expression: the error is shown under the field, which is marked invalid.
  const cron = form.getByLabel("CIS Scan Interval (cron)");
  await cron.fill("0 3 * *");
  await expect(cron).toHaveAttribute("aria-invalid", "true");
  await expect(cron).toHaveAccessibleDescription(/needs 5 fields/);
  await expect(form.getByTestId("next-runs")).toHaveCount(0);
  await shot(page, "schedule-invalid-cron");

  // Every day at 03:00 UTC: the next five runs in words.
  await cron.fill("0 3 * * *");
  await expect(cron).not.toHaveAttribute("aria-invalid", "true");
  await form.getByLabel("Time zone", { exact: true }).selectOption("UTC");
  const runs = form.getByTestId("next-runs").getByRole("listitem");
  await expect(runs).toHaveCount(5);
  for (const run of await runs.all()) await expect(run).toContainText(/03:00 UTC/);

  // More often than hourly: an Administrator is told how to allow it.
  await cron.fill("*/10 * * * *");
  await expect(form.getByTestId("short-interval-note")).toContainText("more often than once an hour");
  await expect(form.getByRole("checkbox", { name: "Allow intervals shorter than an hour" })).not.toBeChecked();
  await cron.fill("0 3 * * *");
  await expect(runs).toHaveCount(5);
  await expect(form.getByTestId("short-interval-note")).toHaveCount(0);

  await form.getByLabel("CIS Scan Report Retention").fill("5");
  await form.getByRole("button", { name: "Add schedule" }).click();
  await expect(page.getByTestId("schedule-notice")).toContainText(/Schedule added\. Next scan: .*03:00 UTC/);
  await expect(page.getByTestId("schedule-status")).toContainText(/Enabled\. Next scan: .*03:00/);
  await expect(page.getByRole("heading", { name: "Recent scheduled runs" })).toBeVisible();
  await expect(page.getByText("The schedule has not fired yet.")).toBeVisible();

  // The same schedule as cluster.yml's block.
  const yml = page.getByTestId("cluster-yml");
  await expect(yml).toContainText("scheduled_cluster_scan:");
  await expect(yml).toContainText("cron_schedule: 0 3 * * *");
  await expect(yml).toContainText("retention: 5");
  await expect(yml).toContainText("profile: permissive");
  await shot(page, "schedule-saved");

  // Importing a block with a bad interval names the failing field; a good one replaces the schedule.
  const importBox = page.getByLabel("Import a scheduled_cluster_scan block");
  await importBox.fill(
    "scheduled_cluster_scan:\n  enabled: true\n  scan_config:\n    cis_scan_config:\n      override_benchmark_version: rke-cis-1.4\n      profile: permissive\n  schedule_config:\n    cron_schedule: 0 3 * *\n    retention: 7\n",
  );
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(importBox).toHaveAccessibleDescription(/cron: needs 5 fields/);
  await importBox.fill(
    "scheduled_cluster_scan:\n  enabled: true\n  scan_config:\n    cis_scan_config:\n      override_benchmark_version: rke-cis-1.4\n      profile: permissive\n  schedule_config:\n    cron_schedule: 30 4 * * 1\n    retention: 7\n",
  );
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByTestId("schedule-notice")).toContainText("imported from cluster.yml");
  await expect(form.getByLabel("CIS Scan Interval (cron)")).toHaveValue("30 4 * * 1");
  await expect(form.getByLabel("CIS Scan Report Retention")).toHaveValue("7");
  await expect(yml).toContainText("cron_schedule: 30 4 * * 1");

  // Back to daily at 03:00, kept 5 reports.
  await form.getByLabel("CIS Scan Interval (cron)").fill("0 3 * * *");
  await form.getByLabel("CIS Scan Report Retention").fill("5");
  await expect(runs).toHaveCount(5);
  await form.getByRole("button", { name: "Save schedule" }).click();
  await expect(page.getByTestId("schedule-notice")).toContainText("Schedule saved");
  await expect(yml).toContainText("cron_schedule: 0 3 * * *");

  // The CIS Scans page says when the next scheduled scan runs.
  await page.getByRole("link", { name: "← CIS Scans" }).click();
  await expect(page.getByTestId("next-scheduled-scan")).toContainText(/Next scheduled scan: .*03:00/);
  await shot(page, "cis-scans-next-scheduled");
});

test("a signed webhook notifier is tested, an alert sends the end of a manual scan to it", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto("/signin");
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page).toHaveURL(/\/clusters$/);

  // Administration > Notifiers: a webhook, first with a URL the server refuses.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Administration" }).click();
  await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Notifiers" }).click();
  await expect(page).toHaveURL(/\/admin\/notifiers$/);
  await expect(page.getByText("No notifiers yet")).toBeVisible();
  await page.getByRole("button", { name: "Add notifier" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Add notifier" });
  await dialog.getByLabel("Type").selectOption({ label: "Webhook" });
  await dialog.getByLabel("Name").fill("lab-hook");
  await dialog.getByLabel("URL", { exact: true }).fill("http://example.com/hook");
  await dialog.getByLabel("HMAC secret").fill(HMAC_SECRET);
  await shot(page, "add-notifier-dialog");
  await dialog.getByRole("button", { name: "Add notifier" }).click();
  await expect(dialog.getByLabel("URL", { exact: true })).toHaveAccessibleDescription(/must be an https:\/\/ URL/);
  await dialog.getByLabel("URL", { exact: true }).fill(hookUrl);
  await dialog.getByRole("button", { name: "Add notifier" }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole("table", { name: "Notifiers" }).getByRole("row", { name: /lab-hook/ });
  await expect(row).toContainText("Webhook");
  await expect(row).toContainText("http://127.0.0.1:");
  await expect(row).not.toContainText("/hook");

  // Send test: the result inline, and the receiver got it.
  await row.getByRole("button", { name: "Send test to lab-hook" }).click();
  await expect(row.getByTestId("notifier-test-result")).toContainText(/Test delivered\s*HTTP 200, \d+ ms/);
  expect(received.some((r) => r.path === "/hook" && JSON.parse(r.raw).event === "TEST")).toBe(true);
  await shot(page, "notifiers");

  // Editing keeps the stored secret when its field is left empty.
  await row.getByRole("button", { name: "Edit lab-hook" }).click();
  const edit = page.getByRole("dialog", { name: "Edit lab-hook" });
  await expect(edit.getByLabel("URL", { exact: true })).toHaveAccessibleDescription(/Leave empty to keep the stored URL/);
  await edit.getByRole("button", { name: "Save notifier" }).click();
  await expect(edit).toBeHidden();

  // The cluster's alerts: the four built-in ones, inactive; then our own.
  await openCisScans(page, CLUSTER);
  await page.getByRole("link", { name: "Add Alert" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  const rules = page.getByRole("table", { name: "Alerts" });
  await expect(rules.getByRole("row")).toHaveCount(5);
  await expect(rules.getByRole("row", { name: /A manual cluster scan was completed/ })).toContainText("Inactive");

  await page.getByRole("button", { name: "Add Alert" }).click();
  const add = page.getByRole("dialog", { name: "Add Alert" });
  await add.getByLabel("Name").fill("Manual scans finished");
  await add.getByLabel("Is", { exact: true }).selectOption({ label: "a manual scan is completed" });
  await add.getByLabel("Send a").selectOption({ label: "Info" });
  await add.getByRole("button", { name: "Add alert" }).click();
  await expect(add.getByText("choose at least one notifier")).toBeVisible();
  await add.getByRole("checkbox", { name: /lab-hook/ }).check();
  await shot(page, "add-alert-dialog");
  await add.getByRole("button", { name: "Add alert" }).click();
  await expect(add).toBeHidden();
  const mine = rules.getByRole("row", { name: /Manual scans finished/ });
  await expect(mine).toContainText("a manual scan is completed");
  await expect(mine).toContainText("Info");
  await expect(mine).toContainText("lab-hook");
  await expect(mine).toContainText("Active");
  await shot(page, "alerts");

  // Run a scan and wait for it to finish.
  const before = received.length;
  await page.getByRole("link", { name: "← CIS Scans" }).click();
  await page.getByRole("button", { name: "Run Scan" }).first().click();
  const run = page.getByRole("dialog", { name: "Run Scan" });
  await run.getByLabel("Profile", { exact: true }).selectOption({ label: PROFILE });
  await run.getByRole("button", { name: "Start scan" }).click();
  await expect(run).toBeHidden();
  await expect(page.getByTestId("scan-progress").last().getByRole("heading")).toContainText("finished", { timeout: 90_000 });

  // The notification: delivered, with its attempt in the log.
  await page.getByRole("link", { name: "Add Alert" }).click();
  const deliveries = page.getByRole("table", { name: "Notifications sent" });
  const delivery = deliveries.getByRole("row", { name: new RegExp(`CIS scan on ${CLUSTER}: manual scan completed`) });
  await expect(delivery).toContainText("Delivered", { timeout: 45_000 });
  await expect(delivery).toContainText("Manual scans finished");
  await expect(delivery).toContainText("lab-hook");
  await delivery.getByRole("button", { name: "1 attempt" }).click();
  await expect(delivery.getByRole("button", { name: "1 attempt" })).toHaveAttribute("aria-expanded", "true");
  const attempts = page.getByRole("table", { name: /Attempts to send/ });
  await expect(attempts.getByRole("row").nth(1)).toContainText(/OK\s*200/);
  await shot(page, "deliveries");

  // What the receiver got: the cluster, profile, counts and a link to the report, signed.
  await expect.poll(() => received.slice(before).filter((r) => JSON.parse(r.raw).event === "MANUAL_COMPLETED").length).toBe(1);
  const hit = received.slice(before).find((r) => JSON.parse(r.raw).event === "MANUAL_COMPLETED")!;
  const body = JSON.parse(hit.raw);
  expect(hit.path).toBe("/hook");
  expect(body.cluster.name).toBe(CLUSTER);
  expect(body.scan.profile).toBe(PROFILE);
  expect(body.scan.trigger).toBe("manual");
  expect(body.severity).toBe("INFO");
  expect(body.counts.total).toBeGreaterThan(0);
  expect(body.counts.pass + body.counts.fail + body.counts.skip + body.counts.notApplicable + body.counts.warn).toBeGreaterThan(0);
  expect(body.url).toMatch(new RegExp(`/clusters/${body.cluster.id}/cis-scans/${body.scan.id}$`));
  expect(body.text).toContain(`Cluster: ${CLUSTER}`);
  const timestamp = String(hit.headers["x-cis-scans-timestamp"]);
  expect(timestamp).toMatch(/^\d+$/);
  const expected = `sha256=${createHmac("sha256", HMAC_SECRET).update(`${timestamp}.${hit.raw}`).digest("hex")}`;
  expect(hit.headers["x-cis-scans-signature"]).toBe(expected);

  // The report link works.
  await page.goto(new URL(body.url).pathname);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(body.scan.name);
});
