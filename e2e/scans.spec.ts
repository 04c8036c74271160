import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startSimulator, type Simulator } from "../kube-sim";
import { runKubeBench } from "../kube-sim/kube-bench";
import { HOST_PATHS } from "../lib/k8s/jobs";
import { E2E_ADMIN } from "./support/users";
import { addCluster, openCisScans, signIn } from "./support/ui";

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

  await openCisScans(page, CLUSTER);
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

  // Both reports at once, as a zip.
  await page.getByRole("checkbox", { name: "Select all reports on this page" }).check();
  await expect(page.getByRole("group", { name: "Selected reports" })).toContainText("2 reports selected");
  const [zip] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV (zip)" }).click()]);
  expect(zip.suggestedFilename()).toBe("scan-lab-cis-reports.zip");
  expect(readFileSync((await zip.path())!).subarray(0, 2).toString()).toBe("PK");
  await page.getByRole("checkbox", { name: "Select all reports on this page" }).uncheck();

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

/** kube-bench JSON of a simulated node, as `kube-bench run --json` would print it there. */
function kubeBenchOutput(name: string, roles: string[], targets: string[]): string {
  const run = runKubeBench({
    args: ["kube-bench", "run", "--targets", targets.join(","), "--benchmark", "rke-cis-1.4", "--json"],
    node: { name, roles, hardened: false },
    hostPID: true,
    mounts: HOST_PATHS,
    seed: name,
    shape: "current",
  });
  expect(run.exitCode, run.stderr).toBe(0);
  return run.stdout;
}

test("kube-bench results made elsewhere are imported; a bad file is named and nothing is stored", async ({ page }) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cis-import-"));
  const files = {
    master: path.join(dir, "master-1.json"),
    worker: path.join(dir, "worker-7.json"),
    broken: path.join(dir, "broken.json"),
  };
  writeFileSync(files.master, kubeBenchOutput("master-1", ["controlplane", "etcd"], ["master", "etcd"]));
  writeFileSync(files.worker, kubeBenchOutput("worker-7", ["worker"], ["node"]));
  writeFileSync(files.broken, "this is not kube-bench output");

  await page.goto("/signin");
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page).toHaveURL(/\/clusters$/);
  await openCisScans(page, CLUSTER);
  await page.getByRole("button", { name: "Import results" }).click();
  const dialog = page.getByRole("dialog", { name: "Import results" });
  await dialog.getByLabel("Profile", { exact: true }).selectOption({ label: "RKE-CIS-1.4-Hardened" });
  await dialog.getByLabel("Add files…").setInputFiles([files.master, files.worker, files.broken]);
  const list = dialog.getByRole("list", { name: "Files to import" });
  const master = list.getByRole("listitem", { name: "master-1.json" });
  await expect(master.getByLabel("Node name")).toHaveValue("master-1");
  await expect(master.getByRole("checkbox", { name: "controlplane" })).toBeChecked();
  await master.getByRole("checkbox", { name: "etcd" }).check();
  await expect(list.getByRole("listitem", { name: "worker-7.json" }).getByRole("checkbox", { name: "worker" })).toBeChecked();
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  await expect(dialog.getByTestId("import-error")).toContainText("Nothing was imported");
  await expect(list.getByRole("listitem", { name: "broken.json" }).getByTestId("import-file-error")).toContainText("broken.json");
  await shot(page, "import-error");

  await list.getByRole("button", { name: "Remove broken.json" }).click();
  await dialog.getByLabel("Report name").fill("air-gapped-import");
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("cis-notice")).toContainText("Imported air-gapped-import.");
  const row = page.getByRole("table", { name: "Reports" }).getByRole("row", { name: /air-gapped-import/ });
  await expect(row).toContainText("Imported");
  await page.getByTestId("cis-notice").getByRole("link", { name: "Open the report" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /air-gapped-import/ })).toBeVisible();
  await expect(page.getByTestId("report-warnings")).toContainText("Imported from kube-bench output files");
  await expect(page.getByTestId("report-summary")).toContainText("Total");
  await shot(page, "import-report");
});

test("an administrator creates, edits and deletes a custom scan profile, which Run Scan offers", async ({ page }) => {
  await page.goto("/signin");
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page).toHaveURL(/\/clusters$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Administration" }).click();
  await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Scan profiles" }).click();
  const profiles = page.getByRole("table", { name: "Scan profiles" });
  await expect(profiles.getByRole("row", { name: /RKE-CIS-1\.4-Permissive/ })).toContainText("15 tests");
  await expect(profiles.getByRole("row", { name: /RKE-CIS-1\.4-Hardened/ })).toContainText("None");

  await page.getByRole("button", { name: "Create profile" }).click();
  const dialog = page.getByRole("dialog", { name: "Create profile" });
  await dialog.getByLabel("Name").fill("Lab-Baseline");
  await dialog.getByLabel("Description").fill("Hardened, minus what the lab cannot do yet.");
  await dialog.getByRole("button", { name: "Add a test" }).click();
  await dialog.getByLabel("Test id 1").fill("1.1.x");
  await dialog.getByLabel("Reason 1").fill("Pending the hardening work.");
  await dialog.getByRole("button", { name: "Create profile" }).click();
  await expect(dialog.getByLabel("Test id 1")).toHaveAccessibleDescription(/must be a check id/);
  await dialog.getByLabel("Test id 1").fill("1.1.11");
  await shot(page, "profile-form");
  await dialog.getByRole("button", { name: "Create profile" }).click();
  await expect(dialog).toBeHidden();
  const row = profiles.getByRole("row", { name: /Lab-Baseline/ });
  await expect(row).toContainText("custom");
  await expect(row).toContainText("1 test");

  await row.getByRole("button", { name: "Edit Lab-Baseline" }).click();
  const edit = page.getByRole("dialog", { name: "Edit Lab-Baseline" });
  await edit.getByRole("button", { name: "Add a test" }).click();
  await edit.getByLabel("Test id 2").fill("2.1.6");
  await edit.getByLabel("Reason 2").fill("Kernel defaults are set later.");
  await edit.getByRole("button", { name: "Save profile" }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText("2 tests");
  await shot(page, "profiles");

  // Run Scan offers it, with its skips in the preview.
  await openCisScans(page, CLUSTER);
  await page.getByRole("button", { name: "Run Scan" }).first().click();
  const run = page.getByRole("dialog", { name: "Run Scan" });
  await run.getByLabel("Profile", { exact: true }).selectOption({ label: "Lab-Baseline (custom)" });
  await expect(run.getByRole("list", { name: "Profile skip" }).getByRole("listitem")).toHaveCount(2);
  await run.getByRole("button", { name: "Cancel" }).click();

  await page.goto("/admin/profiles");
  await profiles.getByRole("button", { name: "Delete Lab-Baseline" }).click();
  await page.getByRole("dialog", { name: "Delete Lab-Baseline?" }).getByRole("button", { name: "Delete profile" }).click();
  await expect(profiles.getByRole("row", { name: /Lab-Baseline/ })).toHaveCount(0);
});
