import { expect, test, type Page } from '@playwright/test';
import { buildPath } from '@stowage/api-client';
import { routes } from '@stowage/contracts';
import { apiSession, listJobArtifacts } from './support/api-session';
import { ArtifactsTab } from './support/artifacts-tab';
import { artifactsPath, e2eWorld, membersPath, orgProjectsPath, projectTokensPath } from './support/e2e-world';
import { saveScreenshot } from './support/screenshots';
import { signIn } from './support/web-session';

const world = e2eWorld();

/** Nothing wider than the viewport: the page works at phone widths without sideways scrolling. */
async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, 'the page scrolls sideways').toBeLessThanOrEqual(clientWidth);
}

test('an admin creates a project, creates a token shown once, revokes it, and deletes the project', async ({ page, playwright }, testInfo) => {
  await signIn(page, world.admin);
  const name = `e2e-${Date.now().toString(36)}`;
  const slug = `gh/${world.org}/${name}`;

  await page.goto(orgProjectsPath(world));
  await expect(page.getByRole('heading', { level: 1, name: 'Projects' })).toBeVisible();
  const create = page.getByRole('region', { name: 'Create a project' });
  await create.getByLabel('VCS').selectOption('github');
  await create.getByLabel('Project name').fill(name);
  await create.getByLabel('Private').check();
  await create.getByRole('button', { name: 'Create project' }).click();
  await expect(create.getByRole('status')).toContainText(`${slug}) created`);
  const row = page.locator(`li[data-project-name="${name}"]`);
  await expect(row).toContainText('Private');

  // Its tokens: the secret is shown once, with a copy button and a note that it will not be shown again.
  await row.getByRole('link', { name: `Tokens of ${name}` }).click();
  await expect(page).toHaveURL(new RegExp(`${projectTokensPath(world, name)}$`));
  await page.getByLabel('Token name').fill('e2e reader');
  await page.getByLabel('Scope').selectOption('read');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secretField = page.getByTestId('new-token-secret');
  await expect(secretField).toHaveValue(/\S{16,}/);
  await expect(page.getByTestId('new-token')).toContainText('it will not be shown again');
  await expect(page.getByRole('button', { name: 'Copy token “e2e reader”' })).toBeVisible();
  const secret = await secretField.inputValue();
  const tokenRow = page.getByRole('table', { name: `Tokens of ${slug}` }).locator('tr[data-token-name="e2e reader"]');
  await expect(tokenRow).toContainText('Read');
  await saveScreenshot(page, testInfo, 'project-token-created.png');

  const tokenApi = await playwright.request.newContext({ baseURL: world.apiUrl, extraHTTPHeaders: { 'Circle-Token': secret } });
  const projectUrl = buildPath(routes.getProject.path, { vcs: 'github', org: world.org, project: name });
  expect((await tokenApi.get(projectUrl)).status(), 'the new read token reads its project').toBe(200);

  await page.reload();
  await expect(page.getByTestId('new-token-secret')).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);

  await tokenRow.getByRole('button', { name: 'Revoke token e2e reader' }).click();
  const revokeDialog = page.getByRole('dialog', { name: 'Revoke token “e2e reader”?' });
  await expect(revokeDialog).toContainText('stops working at once');
  await revokeDialog.getByRole('button', { name: 'Revoke token', exact: true }).click();
  await expect(revokeDialog).toBeHidden();
  await expect(tokenRow).toContainText('Revoked');
  expect((await tokenApi.get(projectUrl)).status(), 'a revoked token is refused').toBe(401);
  await tokenApi.dispose();

  // Deleting the project names it and says what goes with it.
  await page.goto(orgProjectsPath(world));
  await row.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
  const deleteDialog = page.getByRole('dialog', { name: `Delete project ${name}?` });
  await expect(deleteDialog).toContainText(`${name} (${slug}) and all of its jobs and artifacts, bytes included, are deleted at once`);
  await deleteDialog.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
  await expect(row).toHaveCount(0);
});

test('an admin deletes one artifact of a job after confirming, and it disappears', async ({ page, playwright }, testInfo) => {
  await signIn(page, world.admin);
  const jobNumber = world.disposableJobNumber;
  const tab = new ArtifactsTab(page);
  await page.goto(artifactsPath(world, jobNumber));
  await expect(tab.tree).toBeVisible();
  await tab.expandAll();
  const before = await tab.fileCount();

  const row = tab.fileRows().first();
  const path = (await row.getAttribute('data-path'))!;
  const nodeIndex = (await row.getAttribute('data-node-index'))!;
  const artifactId = (await row.getAttribute('data-artifact-id'))!;
  await tab.select(row);
  await expect(tab.details.getByRole('heading', { level: 2 })).toHaveText((await row.getAttribute('data-name'))!);

  await tab.details.getByRole('button', { name: `Delete artifact ${path}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this artifact?' });
  await expect(dialog).toContainText(`${path} (container ${nodeIndex} of job #${jobNumber}`);
  await expect(dialog).toContainText('deleted at once, bytes included');
  await saveScreenshot(page, testInfo, 'delete-artifact-confirmation.png');
  // Cancel first: nothing happens.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(await tab.fileCount()).toBe(before);

  await tab.details.getByRole('button', { name: `Delete artifact ${path}` }).click();
  await dialog.getByRole('button', { name: 'Delete artifact', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => tab.fileCount()).toBe(before - 1);
  await expect(tab.tree.locator(`[data-artifact-id="${artifactId}"]`)).toHaveCount(0);
  await tab.filter.fill(path);
  await expect(tab.tree.locator(`[role="treeitem"][data-path="${path}"][data-node-index="${nodeIndex}"]`)).toHaveCount(0);

  const api = await apiSession(playwright, world, world.admin);
  const remaining = await listJobArtifacts(api, world, jobNumber);
  await api.dispose();
  expect(remaining.map((artifact) => artifact.id)).not.toContain(artifactId);
  expect(remaining).toHaveLength(before - 1);
});

// The demo seed uploads the same files in every job, so purging here would take the other jobs'
// copies too (the shared world the other tests read): the dialog is checked, then cancelled. The
// purge itself is proven by apps/api/src/purge-and-verify.integration-spec.ts.
test('an admin asks to purge bytes and sees every artifact holding them, in every job, before anything goes', async ({ page, playwright }, testInfo) => {
  await signIn(page, world.admin);
  const jobNumber = world.disposableJobNumber;
  const tab = new ArtifactsTab(page);
  await page.goto(artifactsPath(world, jobNumber));
  await expect(tab.tree).toBeVisible();
  await tab.expandAll();
  const before = await tab.fileCount();
  // A file the seed writes byte for byte alike in every job (a core dump, say, differs per job: its pid).
  const path = 'logs/build.log';
  const nodeIndex = '0';
  const row = tab.fileRows().and(page.locator(`[data-path="${path}"][data-node-index="${nodeIndex}"]`));
  await tab.select(row);

  await tab.details.getByRole('button', { name: `Purge the bytes of ${path}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Purge these bytes?' });
  await expect(dialog).toContainText('are stored once for this project and held by');
  await expect(dialog.getByTestId('purge-artifacts')).toContainText(`job #${jobNumber}, container ${nodeIndex}: ${path}`);
  await expect(dialog.getByTestId('purge-artifacts')).toContainText(`job #${world.jobNumber}, container ${nodeIndex}: ${path}`);
  const listed = await dialog.getByTestId('purge-artifacts').getByRole('listitem').count();
  await expect(dialog.getByRole('button', { name: `Purge ${listed} artifacts`, exact: true })).toBeVisible();
  await expect(dialog).toContainText('cannot be recovered');
  await saveScreenshot(page, testInfo, 'purge-bytes-confirmation.png');

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(await tab.fileCount()).toBe(before);
  const api = await apiSession(playwright, world, world.admin);
  expect(await listJobArtifacts(api, world, jobNumber)).toHaveLength(before);
  await api.dispose();
});

test("an admin sees the API's refusals inline on the members page", async ({ page }) => {
  await signIn(page, world.admin);
  await page.goto(membersPath(world));
  await expect(page.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();

  const add = page.getByRole('region', { name: 'Add a member' });
  const unknown = `nobody-${Date.now()}@e2e.test`;
  await add.getByLabel('Email address').fill(unknown);
  await add.getByLabel('Role').selectOption('member');
  await add.getByRole('button', { name: 'Add member' }).click();
  await expect(add.getByRole('alert')).toContainText(`No Stowage account uses ${unknown}`);
  await expect(page.locator(`li[data-member-email="${unknown}"]`)).toHaveCount(0);

  // The only admin cannot stop being one: the API's 409 shows next to the button.
  const me = page.locator(`li[data-member-email="${world.admin.email}"]`);
  await expect(me).toContainText('you');
  const adminCount = await page.locator('li[data-member-role="admin"]').count();
  test.skip(adminCount !== 1, 'the seeded organization has more than one admin');
  await me.getByRole('button', { name: /^Make member/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Stop being an admin?' });
  await dialog.getByRole('button', { name: 'Make me a member' }).click();
  await expect(dialog).toBeHidden();
  await expect(me.getByRole('alert')).toContainText('keeps at least one admin');
  await expect(me).toHaveAttribute('data-member-role', 'admin');
});

test('a member sees members read-only and no delete buttons', async ({ page }, testInfo) => {
  await signIn(page, world.member);
  await page.goto(membersPath(world));
  await expect(page.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
  await expect(page.getByText('Only organization admins can add, change or remove members.')).toBeVisible();
  await expect(page.locator(`li[data-member-email="${world.admin.email}"]`)).toHaveAttribute('data-member-role', 'admin');
  await expect(page.locator(`li[data-member-email="${world.member.email}"]`)).toContainText('you');
  await expect(page.getByRole('region', { name: 'Add a member' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Add member|Remove|Leave|Make admin|Make member/ })).toHaveCount(0);
  const settings = page.getByRole('navigation', { name: 'Organization settings' });
  await expect(settings.getByRole('link')).toHaveText(['Plan', 'Members', 'Share links']);
  await saveScreenshot(page, testInfo, 'members-read-only.png');

  const tab = new ArtifactsTab(page);
  await tab.open(world);
  await tab.expandAll();
  await tab.select(tab.fileRows().first());
  await expect(tab.details.getByTestId('artifact-download')).toBeVisible();
  await expect(page.getByRole('button', { name: /Delete/ })).toHaveCount(0);
  await expect(page.getByTestId('delete-artifact')).toHaveCount(0);
  await expect(page.getByTestId('purge-bytes')).toHaveCount(0);
  await expect(page.getByTestId('delete-job-artifacts')).toHaveCount(0);

  await page.goto(world.projectPath);
  await expect(page.getByRole('link', { name: 'Project tokens' })).toHaveCount(0);
  await page.goto(projectTokensPath(world, world.project.name, world.project.vcs));
  await expect(page.getByText('Project tokens are managed by admins')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create token' })).toHaveCount(0);
});

test.describe('at 375px', () => {
  test.use({ viewport: { width: 375, height: 800 } });

  test('organization settings are reachable with the keyboard from the header and the organization page', async ({ page }, testInfo) => {
    await signIn(page, world.admin);
    await page.goto(`/${world.org}`);
    await expectNoHorizontalOverflow(page);
    const pageSettings = page.getByRole('navigation', { name: 'Organization settings' });
    await expect(pageSettings.getByRole('link')).toHaveText(['Plan', 'Members', 'Manage projects', 'Share links']);

    // The header's organization menu, opened and followed with the keyboard only.
    const menu = page.locator('header summary', { hasText: 'Organization menu' });
    await menu.focus();
    await page.keyboard.press('Enter');
    const members = page.locator('header').getByRole('link', { name: 'Members' });
    await expect(members).toBeVisible();
    await expect(page.locator('header').getByRole('link', { name: 'Plan' })).toBeVisible();
    await expect(page.locator('header').getByRole('link', { name: 'Projects' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(members).toBeHidden();
    await expect(menu).toBeFocused();
    await page.keyboard.press('Enter');
    for (let step = 0; step < 10 && !(await members.evaluate((link) => link === document.activeElement)); step += 1) await page.keyboard.press('Tab');
    await expect(members).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`${membersPath(world)}$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();

    const tabs = page.getByRole('navigation', { name: 'Organization settings' });
    await expect(tabs.getByRole('link', { name: 'Members' })).toHaveAttribute('aria-current', 'page');
    await expectNoHorizontalOverflow(page);
    await saveScreenshot(page, testInfo, 'members-375.png');

    await tabs.getByRole('link', { name: 'Projects' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Projects' })).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await saveScreenshot(page, testInfo, 'projects-375.png');
  });
});
