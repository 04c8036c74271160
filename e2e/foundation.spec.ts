import { expect, test } from "@playwright/test";
import { startSimulator, type Simulator } from "../kube-sim";
import { E2E_ADMIN } from "./support/users";
import { addCluster, createUser, fact, signIn, signOut } from "./support/ui";

// The foundation from a user's seat: sign in, create a user, register a (simulated) RKE cluster by its
// kubeconfig, make the user its Owner, and check that the user sees that cluster and nothing else.

const owner = { name: "Olivia Owner", email: "olivia@e2e.test", password: "olivia-password-1" };
const member = { name: "Max Member", email: "max@e2e.test", password: "max-password-123" };
const CLUSTER = "rke-lab";
const DECOY = "other-team";

let sim: Simulator;

test.beforeAll(async () => {
  sim = await startSimulator({ preset: "rke-3", tls: true });
});

test.afterAll(async () => {
  await sim?.stop();
});

test.describe.configure({ mode: "serial" });

test("an administrator signs in, adds a user and a cluster, and makes the user its Owner", async ({ page }) => {
  await page.goto("/clusters");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();

  await signIn(page, E2E_ADMIN.email, "not-the-password");
  await expect(page.getByTestId("signin-error")).toHaveText("Wrong email or password");
  await expect(page.getByRole("alert", { name: "Sign-in error" })).toBeVisible();

  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page).toHaveURL(/\/clusters$/);
  await expect(page.getByRole("heading", { level: 1, name: "Clusters" })).toBeVisible();
  await expect(page.getByText("No clusters yet")).toBeVisible();

  // A user
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Administration" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await page.getByRole("button", { name: "Create user" }).click();
  const dialog = page.getByRole("dialog", { name: "Create user" });
  await dialog.getByLabel("Email").fill(owner.email);
  await dialog.getByLabel("Name").fill(owner.name);
  await dialog.getByLabel("Password").fill("short");
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(dialog.getByLabel("Password")).toHaveAccessibleDescription(/must be at least 10 characters/);
  await expect(dialog.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByTestId("create-user-error")).toHaveText("Check the highlighted fields.");
  await dialog.getByLabel("Password").fill(owner.password);
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("table", { name: "Users" }).getByRole("row", { name: new RegExp(owner.email) })).toBeVisible();
  await createUser(page, member);

  // A second cluster first, so that "the user sees only their cluster" means something.
  await addCluster(page, DECOY, sim.kubeconfig({ contextName: "other" }));
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name: DECOY })).toBeVisible();

  // The cluster: test the connection, see what it is, save it.
  const probe = await addCluster(page, CLUSTER, sim.kubeconfig({ contextName: "lab" }));
  await expect(probe.getByText("Connected to https://")).toBeVisible();
  await expect(fact(probe, "Kubernetes version")).toHaveText("v1.14.10");
  await expect(fact(probe, "Provider")).toHaveText("RKE");
  await expect(fact(probe, "Nodes")).toHaveText("3");
  await expect(fact(probe, "By role")).toHaveText(/1 controlplane\s*1 etcd\s*1 worker/);
  await expect(fact(probe, "Windows nodes")).toHaveText("0");
  await page.getByRole("button", { name: "Save" }).click();

  await expect(page).toHaveURL(/\/clusters\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name: CLUSTER })).toBeVisible();
  const kubernetes = page.getByRole("region", { name: "Kubernetes" });
  await expect(fact(kubernetes, "Kubernetes version")).toHaveText("v1.14.10");
  await expect(fact(kubernetes, "Nodes")).toHaveText("3");
  await expect(fact(kubernetes, "By role")).toHaveText(/1 controlplane\s*1 etcd\s*1 worker/);
  await expect(fact(page.getByRole("region", { name: "Connection" }), "Context")).toHaveText("lab");

  await page.getByRole("button", { name: "Re-test" }).click();
  await expect(page.getByTestId("retest-ok")).toBeVisible();

  // Both clusters in the list
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Clusters" }).click();
  const clusters = page.getByRole("table", { name: "Clusters" });
  await expect(clusters.getByRole("row")).toHaveCount(3);
  await expect(clusters.getByRole("row", { name: new RegExp(CLUSTER) })).toContainText("v1.14.10");

  // Membership: the user becomes Owner of the cluster
  await page.goto("/admin/memberships");
  await page.getByRole("button", { name: CLUSTER }).click();
  const members = page.getByRole("region", { name: `Members of ${CLUSTER}` });
  await members.getByLabel("User", { exact: true }).selectOption({ label: `${owner.name} (${owner.email})` });
  await members.getByLabel("Role", { exact: true }).selectOption("OWNER");
  await members.getByRole("button", { name: "Add", exact: true }).click();
  await expect(members.getByTestId("members-notice")).toHaveText(`${owner.email} is now Owner of ${CLUSTER}.`);
  await expect(members.getByRole("row", { name: new RegExp(owner.email) })).toContainText("Owner");
  await members.getByLabel("User", { exact: true }).selectOption({ label: `${member.name} (${member.email})` });
  await members.getByLabel("Role", { exact: true }).selectOption("MEMBER");
  await members.getByRole("button", { name: "Add", exact: true }).click();
  await expect(members.getByRole("row", { name: new RegExp(member.email) })).toContainText("Member");

  await signOut(page);
});

test("the Owner sees only their cluster and reaches its CIS Scans through the Tools menu", async ({ page }) => {
  await page.goto("/signin");
  await signIn(page, owner.email, owner.password);
  await expect(page).toHaveURL(/\/clusters$/);

  const clusters = page.getByRole("table", { name: "Clusters" });
  await expect(clusters.getByRole("row")).toHaveCount(2);
  const row = clusters.getByRole("row", { name: new RegExp(CLUSTER) });
  await expect(row).toContainText("Owner");
  await expect(clusters).not.toContainText(DECOY);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Administration" })).toHaveCount(0);

  await row.getByRole("link", { name: CLUSTER }).click();
  await expect(page.getByRole("heading", { level: 1, name: CLUSTER })).toBeVisible();
  await expect(page.getByRole("button", { name: "Edit" })).toBeVisible();

  // Tools menu with the keyboard
  const tools = page.getByRole("button", { name: "Tools" });
  await tools.focus();
  await page.keyboard.press("ArrowDown");
  await expect(tools).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByRole("menuitem", { name: /CIS Scans/ })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(tools).toHaveAttribute("aria-expanded", "false");
  await expect(tools).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/clusters\/[^/]+\/cis-scans$/);
  await expect(page.getByRole("heading", { level: 1, name: "CIS Scans" })).toBeVisible();

  // The other cluster does not exist for this user.
  const other = await page.request.get("/api/clusters");
  expect((await other.json()).map((c: { name: string }) => c.name)).toEqual([CLUSTER]);
});

test("a Member sees the cluster but is told that only Administrators and Owners can scan", async ({ page }) => {
  await page.goto("/signin");
  await signIn(page, member.email, member.password);
  const row = page.getByRole("table", { name: "Clusters" }).getByRole("row", { name: new RegExp(CLUSTER) });
  await expect(row).toContainText("Member");
  await row.getByRole("link", { name: CLUSTER }).click();
  await expect(page.getByRole("heading", { level: 1, name: CLUSTER })).toBeVisible();
  await expect(page.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);

  await page.getByRole("button", { name: "Tools" }).click();
  await page.getByRole("menuitem", { name: /CIS Scans/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "CIS Scans" })).toBeVisible();
  await expect(page.getByTestId("cis-access-notice")).toContainText(
    "Only Administrators and this cluster's Owners can run scans and see reports",
  );
});

test("changing the password signs the user out; the new password works, the old one does not", async ({ page }) => {
  const newPassword = "max-new-password-456";
  await page.goto("/signin");
  await signIn(page, member.email, member.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" }).click();
  const form = page.getByRole("region", { name: "Change password" });
  await form.getByLabel("Current password").fill("wrong-current-password");
  await form.getByLabel("New password", { exact: true }).fill(newPassword);
  await form.getByLabel("Repeat the new password").fill(newPassword);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByLabel("Current password")).toHaveAccessibleDescription(/is not correct/);

  await form.getByLabel("Current password").fill(member.password);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/signin\?reason=password-changed/);
  await expect(page.getByTestId("signin-notice")).toContainText("Your password was changed");

  await signIn(page, member.email, member.password);
  await expect(page.getByTestId("signin-error")).toHaveText("Wrong email or password");
  await signIn(page, member.email, newPassword);
  await expect(page).toHaveURL(/\/clusters$/);
});

test("an administrator edits a cluster and deletes another after confirming", async ({ page }) => {
  await page.goto("/signin");
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.getByRole("table", { name: "Clusters" }).getByRole("link", { name: CLUSTER }).click();

  await page.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: `Edit ${CLUSTER}` });
  await edit.getByLabel("Description").fill("The lab's RKE cluster");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByText("The lab's RKE cluster")).toBeVisible();

  await page.goto("/clusters");
  await page.getByRole("table", { name: "Clusters" }).getByRole("link", { name: DECOY }).click();
  const remove = page.getByRole("button", { name: "Delete" });
  await remove.click();
  const confirm = page.getByRole("dialog", { name: `Delete ${DECOY}?` });
  await expect(confirm).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
  await expect(remove).toBeFocused();
  await remove.click();
  await confirm.getByRole("button", { name: "Delete cluster" }).click();
  await expect(page).toHaveURL(/\/clusters$/);
  const clusters = page.getByRole("table", { name: "Clusters" });
  await expect(clusters).not.toContainText(DECOY);
  await expect(clusters.getByRole("row", { name: new RegExp(CLUSTER) })).toContainText("The lab's RKE cluster");
});

// Last: the failures also count against the client address.
test("repeated failures are throttled and the server's message is shown as is", async ({ page }) => {
  await page.goto("/signin");
  const error = page.getByTestId("signin-error");
  // Five failures are free for an account; after that each failure locks it for a growing time.
  for (let attempt = 1; attempt <= 12; attempt++) {
    await signIn(page, "nobody@e2e.test", `wrong-password-${attempt}`);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    if ((await error.textContent())?.startsWith("Too many")) break;
  }
  await expect(error).toHaveText(/^Too many failed sign-ins\. Try again in \d+ seconds\.$/);
});
