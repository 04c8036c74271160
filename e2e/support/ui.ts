import { expect, type Locator, type Page } from "@playwright/test";

export async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
}

/** Adds a cluster through the Add cluster page: paste the kubeconfig, test the connection, save. */
export async function addCluster(page: Page, name: string, kubeconfig: string) {
  await page.goto("/clusters");
  await page.getByRole("link", { name: "Add cluster" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Add cluster" })).toBeVisible();
  await page.getByLabel("Name").fill(name);
  await page.getByRole("textbox", { name: "Kubeconfig", exact: true }).fill(kubeconfig);
  await page.getByRole("button", { name: "Test connection" }).click();
  const result = page.getByTestId("probe-result");
  await expect(result).toBeVisible({ timeout: 20_000 });
  return result;
}

/** The value of a term in a description list ("Nodes" -> its <dd>). */
export function fact(scope: Locator, term: string | RegExp): Locator {
  const dt = scope.page().locator("dt", { hasText: typeof term === "string" ? new RegExp(`^${term}$`) : term });
  return scope.locator("dl > div", { has: dt }).locator("dd");
}

/** Creates a user on Administration > Users. */
export async function createUser(page: Page, user: { name: string; email: string; password: string; role?: "User" | "Administrator" }) {
  await page.goto("/admin/users");
  await page.getByRole("button", { name: "Create user" }).click();
  const dialog = page.getByRole("dialog", { name: "Create user" });
  await dialog.getByLabel("Email").fill(user.email);
  await dialog.getByLabel("Name").fill(user.name);
  await dialog.getByLabel("Password").fill(user.password);
  await dialog.getByLabel("Role").selectOption({ label: user.role ?? "User" });
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("table", { name: "Users" }).getByRole("row", { name: new RegExp(user.email) })).toBeVisible();
}

/** Clusters > the cluster > Tools > CIS Scans, as a user gets there. */
export async function openCisScans(page: Page, cluster: string) {
  await page.goto("/clusters");
  await page.getByRole("table", { name: "Clusters" }).getByRole("link", { name: cluster }).click();
  await expect(page.getByRole("heading", { level: 1, name: cluster })).toBeVisible();
  await page.getByRole("button", { name: "Tools" }).click();
  await page.getByRole("menuitem", { name: /CIS Scans/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "CIS Scans" })).toBeVisible();
}
