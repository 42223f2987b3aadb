import { createHash } from 'node:crypto';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { buildPath } from '@stowage/api-client';
import { JobListSchema, MemberSchema, routes, ShareLinkSchema, type ShareLink } from '@stowage/contracts';
import { z } from 'zod';
import { apiSession, listJobArtifacts } from './support/api-session';
import { ArtifactsTab } from './support/artifacts-tab';
import { e2eWorld, orgShareLinksPath, projectShareLinksPath } from './support/e2e-world';
import { signIn } from './support/web-session';

const world = e2eWorld();
const projectParams = { vcs: world.project.vcs, org: world.project.org, project: world.project.name };

/** Makes a link in the Share dialog of the toolbar ("all artifacts") or of the selected file, and answers its address. */
async function createInDialog(page: Page, opener: 'job' | 'file', options: { note: string; stream?: boolean }): Promise<string> {
  const tab = new ArtifactsTab(page);
  const open = opener === 'job' ? page.getByRole('button', { name: `Share all artifacts of job #${world.jobNumber}` }) : tab.details.getByTestId('share-open');
  await open.click();
  const dialog = page.getByRole('dialog', { name: /^Share / });
  if (options.stream) {
    await dialog.getByLabel(/newest successful job named/).check();
    await expect(dialog.getByLabel('Branch', { exact: true })).toHaveValue('main');
  }
  await dialog.getByLabel(/^Note/).fill(options.note);
  await dialog.getByRole('button', { name: 'Create link' }).click();
  await expect(dialog.getByTestId('share-url')).toBeVisible();
  const url = await dialog.getByTestId('share-url').inputValue();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  return url;
}

async function listLinks(api: APIRequestContext): Promise<ShareLink[]> {
  const response = await api.get(buildPath(routes.listShareLinks.path, projectParams));
  expect(response.status()).toBe(200);
  return z.array(ShareLinkSchema).parse(await response.json());
}

/** What a caller without an account gets from the link's page. */
async function statusForStranger(browser: Browser, url: string): Promise<number> {
  const stranger = await browser.newContext();
  try {
    return (await stranger.request.get(`${url}/listing`)).status();
  } finally {
    await stranger.close();
  }
}

async function setSharing(api: APIRequestContext, enabled: boolean): Promise<void> {
  const response = await api.put(buildPath(routes.setOrganizationShareLinks.path, { org: world.org }), { data: { enabled } });
  expect(response.status()).toBe(200);
}

test('a link made in the dialog is listed in project settings with its scope and uses, and revoking it there makes it a 404', async ({ page, browser, playwright }) => {
  await signIn(page, world.admin);
  const tab = new ArtifactsTab(page);
  await tab.open(world);
  await tab.expandAll();
  const row = tab.tree.locator('[role="treeitem"][data-kind="file"][data-state="available"]').first();
  const path = (await row.getAttribute('data-path'))!;
  const nodeIndex = (await row.getAttribute('data-node-index'))!;
  await tab.filter.fill(path);
  await tab.select(tab.tree.locator(`[role="treeitem"][data-path="${path}"][data-node-index="${nodeIndex}"]`));
  const note = `Settings check ${Date.now()}`;
  const url = await createInDialog(page, 'file', { note });

  await page.goto(projectShareLinksPath(world));
  await expect(page.getByRole('heading', { level: 1, name: 'Share links' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Project settings' }).getByRole('link', { name: 'Share links' })).toHaveAttribute('aria-current', 'page');
  const linkRow = page.locator('tr[data-link-id]', { hasText: note });
  await expect(linkRow.getByTestId('share-link-target')).toHaveText(`job #${world.jobNumber}`);
  await expect(linkRow.getByTestId('share-link-scope')).toHaveText(`${path}, container ${nodeIndex}`);
  await expect(linkRow.getByTestId('share-link-uses')).toHaveText('0 times');
  await expect(linkRow).toHaveAttribute('data-link-status', 'active');
  // The secret is shown once, when the link is made: never here.
  const secret = url.slice(url.lastIndexOf('/') + 1);
  expect(await page.content()).not.toContain(secret);

  // Opened by someone without an account: the page, then the file.
  const stranger = await browser.newContext();
  try {
    const visitor = await stranger.newPage();
    expect((await visitor.goto(url))!.status()).toBe(200);
    const fileLink = visitor.getByTestId('shared-file').getByRole('link', { name: path, exact: true });
    expect((await stranger.request.get(new URL((await fileLink.getAttribute('href'))!, url).href)).status()).toBe(200);
  } finally {
    await stranger.close();
  }

  const api = await apiSession(playwright, world, world.admin);
  try {
    const linkId = (await linkRow.getAttribute('data-link-id'))!;
    const listed = (await listLinks(api)).find((link) => link.id === linkId)!;
    expect(listed.useCount).toBeGreaterThanOrEqual(2);
    await page.reload();
    await expect(linkRow.getByTestId('share-link-uses')).toContainText(`${listed.useCount} times`);
    await expect(linkRow.getByTestId('share-link-uses')).toContainText('last ');

    await linkRow.getByRole('button', { name: /^Revoke the link/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke this share link?' });
    await expect(confirm).toContainText(`${path}, container ${nodeIndex} of job #${world.jobNumber}`);
    await confirm.getByRole('button', { name: 'Revoke link' }).click();
    await expect(confirm).toBeHidden();
    await expect(linkRow).toHaveAttribute('data-link-status', 'revoked');
    await expect(linkRow.getByRole('button', { name: /^Revoke/ })).toHaveCount(0);
    expect(await statusForStranger(browser, url)).toBe(404);
    expect((await listLinks(api)).find((link) => link.id === linkId)!.state).toBe('revoked');
  } finally {
    await api.dispose();
  }
});

test("a member sees their own links only, and is refused revoking someone else's with the API's words", async ({ page, playwright }) => {
  // The admin makes a link; the member's settings page does not list it.
  const adminApi = await apiSession(playwright, world, world.admin);
  const memberApi = await apiSession(playwright, world, world.member);
  try {
    const created = await adminApi.post(buildPath(routes.createShareLink.path, projectParams), {
      data: { target: { jobNumber: world.jobNumber }, expiresInSeconds: 3600, note: `Admin's ${Date.now()}` },
    });
    expect(created.status()).toBe(201);
    const adminLink = ShareLinkSchema.parse(await created.json());
    await signIn(page, world.member);
    await page.goto(projectShareLinksPath(world));
    await expect(page.getByRole('heading', { level: 1, name: 'Share links' })).toBeVisible();
    await expect(page.getByText('You see the links you made.')).toBeVisible();
    await expect(page.locator(`tr[data-link-id="${adminLink.id}"]`)).toHaveCount(0);
    // The API is the judge: asked directly, it refuses the member with a JSON error.
    const refused = await memberApi.delete(buildPath(routes.revokeShareLink.path, { ...projectParams, linkId: adminLink.id }));
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toMatchObject({ message: 'only its creator or an organization admin may revoke a share link' });
  } finally {
    await adminApi.dispose();
    await memberApi.dispose();
  }
});

test("a refused revoke shows the API's words beside the button; the link works again once its creator is back", async ({ page, browser, playwright }) => {
  const admin = await apiSession(playwright, world, world.admin);
  let removedMember = false;
  try {
    // The member makes a link in the dialog and sees Revoke for it in project settings.
    await signIn(page, world.member);
    await new ArtifactsTab(page).open(world);
    const note = `Refusal check ${Date.now()}`;
    const url = await createInDialog(page, 'job', { note });
    await page.goto(projectShareLinksPath(world));
    const linkRow = page.locator('tr[data-link-id]', { hasText: note });
    await expect(linkRow).toHaveAttribute('data-link-status', 'active');

    // Meanwhile an admin removes the member from the organization: the API now refuses them.
    const members = z.array(MemberSchema).parse(await (await admin.get(buildPath(routes.listMembers.path, { org: world.org }))).json());
    const member = members.find((m) => m.email === world.member.email)!;
    expect((await admin.delete(buildPath(routes.removeMember.path, { org: world.org, userId: member.userId }))).status()).toBe(204);
    removedMember = true;

    await linkRow.getByRole('button', { name: /^Revoke the link/ }).click();
    await page.getByRole('dialog', { name: 'Revoke this share link?' }).getByRole('button', { name: 'Revoke link' }).click();
    await expect(linkRow.getByRole('alert')).toHaveText(`Project ${world.org}/${world.project.name} not found.`);
    // Its creator lost read access, so the link answers 404 until they have it back.
    expect(await statusForStranger(browser, url)).toBe(404);
    expect((await admin.post(buildPath(routes.addMember.path, { org: world.org }), { data: { email: world.member.email, role: 'member' } })).status()).toBe(201);
    removedMember = false;
    expect(await statusForStranger(browser, url)).toBe(200);
  } finally {
    if (removedMember) {
      const restored = await admin.post(buildPath(routes.addMember.path, { org: world.org }), { data: { email: world.member.email, role: 'member' } });
      expect(restored.status()).toBe(201);
    }
    await admin.dispose();
  }
});

test('an org admin turns share links off: links answer 404 and the Share action says so; turned on again they work', async ({ page, browser, playwright }) => {
  const api = await apiSession(playwright, world, world.admin);
  try {
    await signIn(page, world.admin);
    const tab = new ArtifactsTab(page);
    await tab.open(world);
    const url = await createInDialog(page, 'job', { note: `Switch check ${Date.now()}` });
    expect(await statusForStranger(browser, url)).toBe(200);

    await page.goto(orgShareLinksPath(world));
    await expect(page.getByRole('navigation', { name: 'Organization settings' }).getByRole('link', { name: 'Share links' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('share-links-state')).toHaveText('On');
    await page.getByTestId('share-links-turn-off').click();
    const confirm = page.getByRole('dialog', { name: 'Turn share links off?' });
    await confirm.getByRole('button', { name: 'Turn links off' }).click();
    await expect(page.getByTestId('share-links-state')).toHaveText('Off');
    expect(await statusForStranger(browser, url)).toBe(404);

    await tab.open(world);
    // Its spoken name starts with the words it shows, so "click Sharing off" finds it by voice too.
    const share = page.getByRole('button', { name: `Sharing off: share links to all artifacts of job #${world.jobNumber} are turned off for this organization` });
    await expect(share).toHaveText('Sharing off');
    await share.click();
    await expect(page.getByRole('dialog', { name: /^Share / }).getByTestId('share-off')).toContainText('Share links are turned off for this organization');
    await expect(page.getByRole('button', { name: 'Create link' })).toHaveCount(0);
    await page.keyboard.press('Escape');
    await page.goto(projectShareLinksPath(world));
    await expect(page.getByText('Share links are turned off for this organization')).toBeVisible();

    await page.goto(orgShareLinksPath(world));
    await page.getByTestId('share-links-turn-on').click();
    await expect(page.getByTestId('share-links-state')).toHaveText('On');
    expect(await statusForStranger(browser, url)).toBe(200);
    await tab.open(world);
    await expect(page.getByRole('button', { name: `Share all artifacts of job #${world.jobNumber}` })).toHaveText('Share');
  } finally {
    // Whatever happened above, later specs share links: leave them on.
    await setSharing(api, true);
    await api.dispose();
  }
});

test('members see whether share links are on, but only admins switch them', async ({ page }) => {
  await signIn(page, world.member);
  await page.goto(orgShareLinksPath(world));
  await expect(page.getByTestId('share-links-state')).toHaveText('On');
  await expect(page.getByText('Only organization admins can turn share links on or off.')).toBeVisible();
  await expect(page.getByTestId('share-links-turn-off')).toHaveCount(0);
});

test("a stream link made in the dialog serves the newest successful job of this job's name on the default branch", async ({ page, browser, playwright }) => {
  const api = await apiSession(playwright, world, world.admin);
  try {
    const jobs = JobListSchema.parse(await (await api.get(`${buildPath(routes.listJobs.path, projectParams)}?branch=main&status=success`)).json());
    const jobName = jobs.items.find((job) => job.number === world.jobNumber)?.name ?? 'build';
    const newest = jobs.items.filter((job) => job.name === jobName).sort((a, b) => b.number - a.number)[0];
    expect(newest.number).not.toBe(world.jobNumber);

    await signIn(page, world.admin);
    const tab = new ArtifactsTab(page);
    await tab.open(world);
    const note = `Stream check ${Date.now()}`;
    const url = await createInDialog(page, 'job', { note, stream: true });

    const stranger = await browser.newContext();
    try {
      const visitor = await stranger.newPage();
      expect((await visitor.goto(url))!.status()).toBe(200);
      await expect(visitor.getByRole('heading', { level: 1 })).toContainText(`Artifacts of job #${newest.number}`);
      const newestArtifacts = await listJobArtifacts(api, world, newest.number);
      const file = newestArtifacts.find((artifact) => artifact.state === 'available')!;
      const fileLink = visitor.getByTestId('shared-file').getByRole('link', { name: file.path, exact: true }).first();
      const fetched = await stranger.request.get(new URL((await fileLink.getAttribute('href'))!, url).href);
      expect(fetched.status()).toBe(200);
      const sameFileInNewest = newestArtifacts.filter((artifact) => artifact.path === file.path).map((artifact) => artifact.sha256);
      expect(sameFileInNewest).toContain(createHash('sha256').update(await fetched.body()).digest('hex'));
    } finally {
      await stranger.close();
    }

    await page.goto(projectShareLinksPath(world));
    const linkRow = page.locator('tr[data-link-id]', { hasText: note });
    await expect(linkRow.getByTestId('share-link-target')).toContainText(`newest successful “${jobName}” on main`);
    await expect(linkRow.getByTestId('share-link-target').getByText('Follows newest')).toBeVisible();
    await expect(linkRow.getByTestId('share-link-scope')).toHaveText('everything, all containers');
  } finally {
    await api.dispose();
  }
});
