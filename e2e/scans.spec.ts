import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { startSimulator, type Simulator } from "../kube-sim";
import { E2E_ADMIN } from "./support/users";
import { addCluster, signIn } from "./support/ui";

// CIS scans from an administrator's seat, against a simulated RKE cluster (the config turns the demo
// cluster off, so the spec registers its own): run a Permissive scan after checking its skip preview,
// follow its live progress, run a Hardened scan, filter its report to failures, expand a test, download
// the CSV, skip a test, and delete a report.

const CLUSTER = "scan-lab";
const NODES = ["controlplane-1", "etcd-1", "worker-1"];
const CSV_HEADER = "ID,Description,Remediation,State of Test,Node type,Nodes,Passed_Nodes,Failed_Nodes";

let sim: Simulator;

/** Full-page screenshots for a look at the screens, when E2E_SHOTS names a folder. */
async function shot(page: Page, name: string) {
  if (process.env.E2E_SHOTS) await page.screenshot({ path: `${process.env.E2E_SHOTS}/${name}.png`, fullPage: true });
}

test.beforeAll(async () => {
  // Pods that take a couple of seconds, so the progress of a running scan can be seen.
  sim = await startSimulator({ preset: "rke-3", tls: true, podDurationMs: [1500, 2500] });
});

test.afterAll(async () => {
  await sim?.stop();
});

test.describe.configure({ mode: "serial" });

async function openCisScans(page: Page) {
  await page.goto("/clusters");
  await page.getByRole("table", { name: "Clusters" }).getByRole("link", { name: CLUSTER }).click();
  await expect(page.getByRole("heading", { level: 1, name: CLUSTER })).toBeVisible();
  await page.getByRole("button", { name: "Tools" }).click();
  await page.getByRole("menuitem", { name: /CIS Scans/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "CIS Scans" })).toBeVisible();
}

/** Runs a scan from the Run Scan dialog and waits until its live progress says it finished. */
async function runScan(page: Page, profile: string) {
  await page.getByRole("button", { name: "Run Scan" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Run Scan" });
  await dialog.getByLabel("Profile", { exact: true }).selectOption({ label: profile });
  await expect(dialog.getByRole("list", { name: "Not applicable" })).toContainText("1.1.9");
  await dialog.getByRole("button", { name: "Start scan" }).click();
  await expect(dialog).toBeHidden();
  const progress = page.getByTestId("scan-progress").last();
  await expect(progress.getByRole("heading")).toContainText(/is (starting|running)/);
  await expect(progress.getByRole("button", { name: "Cancel scan" })).toBeVisible();
  await expect(progress.getByRole("table")).toContainText("worker-1", { timeout: 20_000 });
  await shot(page, `running-${profile}`);
  await expect(progress.getByRole("heading")).toContainText("finished", { timeout: 60_000 });
  await expect(progress.getByRole("progressbar", { name: "Nodes scanned" })).toHaveAttribute("aria-valuetext", "3 of 3 nodes done");
  await expect(progress.getByRole("table")).not.toContainText("Running");
  return progress;
}

test("an administrator runs scans, reads and downloads a report, skips a test and deletes a report", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("/signin");
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page).toHaveURL(/\/clusters$/);
  await addCluster(page, CLUSTER, sim.kubeconfig({ contextName: "lab" }));
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name: CLUSTER })).toBeVisible();

  await openCisScans(page);
  await expect(page.getByText("No scans yet")).toBeVisible();
  await shot(page, "empty");

  // The skip preview of the Permissive profile: its own skips and the benchmark's not-applicable tests.
  await page.getByRole("button", { name: "Run Scan" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Run Scan" });
  await dialog.getByLabel("Profile", { exact: true }).selectOption({ label: "RKE-CIS-1.4-Permissive" });
  const profileSkips = dialog.getByRole("list", { name: "Profile skip" });
  await expect(profileSkips.getByRole("listitem").filter({ hasText: "1.1.11" })).toContainText("AlwaysPullImages");
  await expect(dialog.getByRole("list", { name: "Not applicable" }).getByRole("listitem").filter({ hasText: "1.1.9" })).toContainText("--repair-malformed-updates");
  await expect(dialog.getByRole("list", { name: "Skipped by users of this cluster" })).toHaveCount(0);
  await shot(page, "run-scan-dialog");
  await dialog.getByRole("checkbox", { name: "Show all profiles" }).check();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();

  // Permissive: live progress until it finishes, then the report row.
  await runScan(page, "RKE-CIS-1.4-Permissive");
  const reports = page.getByRole("table", { name: "Reports" });
  await expect(reports.getByRole("row")).toHaveCount(2);
  const permissiveRow = reports.getByRole("row", { name: /RKE-CIS-1\.4-Permissive/ });
  await expect(permissiveRow).toContainText("Manual");
  await expect(permissiveRow).toContainText("by Administrator");

  // A second scan while none runs; then Hardened, which has failures on a default RKE cluster.
  const progress = await runScan(page, "RKE-CIS-1.4-Hardened");
  await expect(progress.getByRole("heading")).toContainText(/failed/);
  await expect(reports.getByRole("row")).toHaveCount(3);
  const hardenedRow = reports.getByRole("row", { name: /RKE-CIS-1\.4-Hardened/ });
  await expect(hardenedRow).toContainText("Fail");
  await shot(page, "list");

  // The report
  await hardenedRow.getByRole("link").click();
  await expect(page).toHaveURL(/\/cis-scans\/[^/]+$/);
  const summary = page.getByTestId("report-summary");
  await expect(summary).toContainText("Total");
  const failCount = Number(await summary.locator("div", { has: page.locator("dt", { hasText: /^Fail$/ }) }).locator("dd").textContent());
  expect(failCount).toBeGreaterThan(0);
  await expect(page.getByText("rke-cis-1.4", { exact: true })).toBeVisible();
  const tests = page.getByRole("table", { name: "Tests" });
  await expect(tests.getByRole("row").nth(1)).toBeVisible();
  await shot(page, "report");

  await page.getByRole("checkbox", { name: "Failed only" }).check();
  await expect(page.getByTestId("checks-count")).toHaveText(/^\d+ tests? match$/);
  const failedRows = tests.locator("tbody > tr.check-row");
  await expect(failedRows.first()).toBeVisible();
  const states = await failedRows.locator("td:nth-child(3) .badge").allTextContents();
  expect(states.length).toBeGreaterThan(0);
  expect(states.every((s) => s === "Fail" || s === "Mixed")).toBe(true);

  // Search narrows it further; clearing it brings the rows back.
  const firstId = (await failedRows.first().locator("th .mono").textContent())!.trim();
  await page.getByRole("searchbox", { name: "Search" }).fill(firstId);
  await expect(failedRows.first().locator("th .mono")).toHaveText(firstId);
  await page.getByRole("searchbox", { name: "Search" }).fill("");

  // Expand a failed test: remediation and the per-node table.
  const expander = tests.getByRole("button", { name: `${firstId} details` });
  await expect(expander).toHaveAttribute("aria-expanded", "false");
  await expander.click();
  await expect(expander).toHaveAttribute("aria-expanded", "true");
  const detail = tests.locator("tr.check-detail");
  await expect(detail.getByRole("heading", { name: "Remediation" })).toBeVisible();
  const nodeTable = detail.getByRole("table", { name: `Nodes of test ${firstId}` });
  await expect(nodeTable.getByRole("row").nth(1)).toBeVisible();
  await expect(nodeTable).toContainText(/controlplane-1|etcd-1|worker-1/);
  await expect(nodeTable.getByRole("cell", { name: "Fail" }).first()).toBeVisible();
  await shot(page, "report-expanded");
  await expander.press("Enter");
  await expect(expander).toHaveAttribute("aria-expanded", "false");

  // Download the CSV: Rancher's columns, with node names.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^scan-lab-RKE-CIS-1\.4-Hardened-\d{8}-\d{6}\.csv$/);
  const csv = readFileSync((await download.path())!, "utf8");
  const lines = csv.split(/\r?\n/);
  expect(lines[0]).toBe(CSV_HEADER);
  expect(lines.length).toBeGreaterThan(10);
  expect(NODES.every((n) => csv.includes(n))).toBe(true);
  expect(csv).toContain(`${firstId},`);

  // Skip a failed test for the next scans; the Skipped tests tab lists it.
  await tests.getByRole("button", { name: `Skip ${firstId}` }).click();
  await expect(page.getByTestId("skip-notice")).toContainText(`${firstId} is now skipped`);
  await expect(tests.getByRole("button", { name: `Unskip ${firstId}` })).toBeVisible();
  await shot(page, "report-skipped");
  await page.getByRole("link", { name: "See the skipped tests" }).click();
  await expect(page).toHaveURL(/\/cis-scans\/skipped-tests$/);
  const skipped = page.getByRole("list", { name: "Skipped tests of rke-cis-1.4" });
  const skippedIds = skipped.getByRole("listitem").locator(".mono");
  await expect(skippedIds).toHaveText([firstId]);
  // Add and remove one by hand.
  await page.getByLabel("Test ids to skip").fill("1.1.2");
  await page.getByRole("button", { name: "Add" }).click();
  await expect(skippedIds).toHaveText([firstId, "1.1.2"]);
  await shot(page, "skipped-tests");
  await skipped.getByRole("button", { name: "Remove 1.1.2" }).click();
  await expect(skippedIds).toHaveText([firstId]);

  // The next scan's preview shows the user's skip.
  await page.getByRole("link", { name: "Reports" }).click();
  await page.getByRole("button", { name: "Run Scan" }).first().click();
  const again = page.getByRole("dialog", { name: "Run Scan" });
  await expect(again.getByRole("list", { name: "Skipped by users of this cluster" })).toContainText(firstId);
  await again.getByRole("button", { name: "Cancel" }).click();

  // Delete the Hardened report from its page (confirm), back to the list without it.
  await reports.getByRole("row", { name: /RKE-CIS-1\.4-Hardened/ }).getByRole("link").click();
  await page.getByRole("button", { name: "Delete report" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete report?" });
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(/\/cis-scans$/);
  await expect(reports.getByRole("row")).toHaveCount(2);
  await expect(reports).not.toContainText("RKE-CIS-1.4-Hardened");

  // The row menu with the keyboard: Download JSON, then Delete with a confirmation.
  const menuButton = reports.getByRole("button", { name: /^Actions for / });
  await menuButton.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Download CSV" })).toBeFocused();
  await shot(page, "row-menu");
  await page.keyboard.press("ArrowDown");
  const [json] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  expect(json.suggestedFilename()).toMatch(/\.json$/);
  const report = JSON.parse(readFileSync((await json.path())!, "utf8"));
  expect(report.profile).toBe("RKE-CIS-1.4-Permissive");
  await menuButton.click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  await page.getByRole("dialog", { name: "Delete report?" }).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("No scans yet")).toBeVisible();
});
