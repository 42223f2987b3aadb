import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { buildPath } from '@stowage/api-client';
import { CLI_DIGEST_SUFFIX, CLI_DOWNLOAD_FILES, CLI_DOWNLOAD_PREFIX, routes } from '@stowage/contracts';
import { apiSession, listJobArtifacts } from './support/api-session';
import { ArtifactsTab } from './support/artifacts-tab';
import { artifactsPath, e2eWorld, jobPath } from './support/e2e-world';
import { saveScreenshot } from './support/screenshots';
import { signIn } from './support/web-session';

const world = e2eWorld();

test.beforeEach(async ({ page }) => {
  await signIn(page, world.admin);
});

test("open a project's jobs and a job's Artifacts tab", async ({ page }, testInfo) => {
  await page.goto(`/${world.org}`);
  await page.locator(`a[href="${world.projectPath}"]`).click();
  await expect(page).toHaveURL(new RegExp(`${world.projectPath}$`));
  const jobs = page.getByRole('table', { name: 'Jobs, newest first' });
  await expect(jobs).toBeVisible();

  const jobLink = jobs.locator(`a[href="${jobPath(world)}"]`);
  // The seeded job may be on a later page; then its address is enough.
  if (await jobLink.count()) await jobLink.click();
  else await page.goto(jobPath(world));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`#${world.jobNumber}`);
  await expect(page.getByRole('navigation', { name: 'Job' }).getByRole('link', { name: /Artifacts/ })).toHaveAttribute('aria-current', 'page');

  const tab = new ArtifactsTab(page);
  await page.goto(artifactsPath(world));
  await expect(tab.tree).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Job' }).getByRole('link', { name: /Artifacts/ })).toHaveAttribute('aria-current', 'page');
  await tab.expandAll();
  await tab.select(tab.fileRows().first());
  await expect(tab.details.getByRole('heading', { level: 2 })).not.toHaveText('Details');
  await saveScreenshot(page, testInfo, 'artifacts-tab.png');
});

test('filter narrows the tree', async ({ page }) => {
  const tab = new ArtifactsTab(page);
  await tab.open(world);
  await tab.expandAll();
  const total = await tab.fileCount();
  const name = (await tab.fileRows().first().getAttribute('data-name'))!;

  await tab.filter.fill(name);
  await expect(tab.summary).toContainText(/of [\d,]+ files match/);
  const shown = tab.fileRows();
  await expect(shown.first()).toBeVisible();
  for (const path of await shown.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-path') ?? ''))) {
    expect(path.toLowerCase()).toContain(name.toLowerCase());
  }
  const matched = Number(((await tab.summary.textContent()) ?? '').replace(/,/g, '').match(/(\d+) of/)![1]);
  expect(matched).toBeGreaterThanOrEqual(1);
  if (total > 1) expect(matched).toBeLessThan(total);

  await tab.filter.fill('no artifact is called this 7f3c9e');
  await expect(page.getByText(/No artifact matches/)).toBeVisible();
  await tab.filter.fill('');
  await expect(tab.summary).not.toContainText('match');
});

test('keyboard navigation of the tree', async ({ page }) => {
  const tab = new ArtifactsTab(page);
  await tab.open(world);
  await tab.tree.focus();
  await page.keyboard.press('Home');
  const first = tab.rows().first();
  await expect(tab.tree).toHaveAttribute('aria-activedescendant', (await first.getAttribute('id'))!);
  await expect(first).toHaveAttribute('aria-expanded', 'true');

  await page.keyboard.press('ArrowLeft');
  await expect(first).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowRight');
  await expect(first).toHaveAttribute('aria-expanded', 'true');

  await page.keyboard.press('ArrowDown');
  await expect(tab.tree).toHaveAttribute('aria-activedescendant', (await tab.rows().nth(1).getAttribute('id'))!);

  // Walk down, opening folders, until a file is active; Enter selects it.
  for (let step = 0; step < 60; step += 1) {
    const active = await tab.activeRow();
    if ((await active.getAttribute('data-kind')) === 'file') {
      const name = (await active.getAttribute('data-name'))!;
      await page.keyboard.press('Enter');
      await expect(tab.details.getByRole('heading', { level: 2 })).toHaveText(name);
      await expect(active).toHaveAttribute('aria-selected', 'true');
      return;
    }
    await page.keyboard.press((await active.getAttribute('aria-expanded')) === 'false' ? 'ArrowRight' : 'ArrowDown');
  }
  throw new Error('no file reached with the keyboard');
});

test('preview a text file', async ({ page, playwright }) => {
  const api = await apiSession(playwright, world, world.admin);
  const artifacts = await listJobArtifacts(api, world);
  const text = artifacts.find(
    (artifact) =>
      artifact.state === 'available' &&
      artifact.size > 0 &&
      ((artifact.contentType?.startsWith('text/') && !artifact.contentType.startsWith('text/html')) || /\.(log|txt)$/i.test(artifact.path)),
  );
  test.skip(!text, 'the seeded job has no text artifact');
  const expected = (await (await api.get(text!.url, { headers: { Range: 'bytes=0-199' } })).body()).toString('utf8').split('\n')[0].slice(0, 60);
  await api.dispose();

  const tab = new ArtifactsTab(page);
  await tab.open(world);
  // Rows are virtualized: narrow the tree to the file so its row is rendered.
  await tab.filter.fill(text!.path);
  const row = tab.tree.locator(`[role="treeitem"][data-path="${text!.path}"]`).first();
  await tab.select(row);

  const preview = tab.details.getByLabel('File preview');
  await expect(preview).toBeVisible();
  await expect(preview).toContainText(expected);
  if (text!.size > 256 * 1024) await expect(tab.details.getByTestId('preview-truncated')).toBeVisible();
});

test('a download link returns the same bytes as the API', async ({ page, playwright }) => {
  const tab = new ArtifactsTab(page);
  await tab.open(world);
  await tab.expandAll();
  const link = tab.tree.locator('[role="treeitem"][data-kind="file"][data-state="available"] a').first();
  const href = (await link.getAttribute('href'))!;
  const viaWeb = await page.request.get(href);
  expect(viaWeb.status()).toBe(200);
  const webBytes = await viaWeb.body();

  const api = await apiSession(playwright, world, world.admin);
  const artifacts = await listJobArtifacts(api, world);
  const hrefPath = new URL(href, world.apiUrl).pathname;
  const artifact = artifacts.find((candidate) => new URL(candidate.url, world.apiUrl).pathname === hrefPath);
  expect(artifact, `the API lists an artifact at ${hrefPath}`).toBeDefined();
  const viaApi = await api.get(artifact!.url);
  expect(viaApi.status()).toBe(200);
  const apiBytes = await viaApi.body();

  expect(webBytes.equals(apiBytes)).toBe(true);
  expect(createHash('sha256').update(webBytes).digest('hex')).toBe(artifact!.sha256);
  await api.dispose();
});

test('"Download all" gives a zip of every available artifact of the job, by container and path', async ({ page, playwright }) => {
  const tab = new ArtifactsTab(page);
  await tab.open(world);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download all/ }).click()]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-zip-')), 'all.zip');
  await download.saveAs(file);
  // Python's zipfile reads the archive (and checks each entry's CRC) without another npm dependency.
  const listing = JSON.parse(
    execFileSync('python3', ['-c', 'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({i.filename:i.file_size for i in z.infolist()}))', file], { encoding: 'utf8' }),
  ) as Record<string, number>;

  const api = await apiSession(playwright, world, world.admin);
  const expected = Object.fromEntries(
    (await listJobArtifacts(api, world)).filter((artifact) => artifact.state === 'available').map((artifact) => [`${artifact.nodeIndex}/${artifact.path}`, artifact.size]),
  );
  await api.dispose();
  expect(Object.keys(expected).length).toBeGreaterThan(5);
  expect(listing).toEqual(expected);
});

test("a job with no artifacts shows the CI recipe pinned to the digest of the executable the server serves", async ({ page, playwright }) => {
  // A job registered as a CI system registers it, with nothing uploaded (no seeded job has this number).
  const jobNumber = 900;
  const api = await apiSession(playwright, world, world.admin);
  const registered = await api.put(buildPath(routes.upsertJob.path, { vcs: world.project.vcs, org: world.project.org, project: world.project.name, jobNumber }), { data: { name: 'build', status: 'success' } });
  expect(registered.status()).toBe(200);
  expect(await listJobArtifacts(api, world, jobNumber)).toEqual([]);
  const digestFile = `${CLI_DOWNLOAD_PREFIX}/${CLI_DOWNLOAD_FILES.executable}${CLI_DIGEST_SUFFIX}`;
  const served = await api.get(digestFile);
  expect(served.status()).toBe(200);
  const digestLine = await served.text();
  await api.dispose();
  const digest = /^([0-9a-f]{64}) {2}/.exec(digestLine)?.[1];
  expect(digest).toBeDefined();
  // The web origin serves the same digest file (it forwards /cli), so the recipe's URL and digest agree.
  expect(await (await page.request.get(digestFile)).text()).toBe(digestLine);

  await page.goto(artifactsPath(world, jobNumber));
  const empty = page.getByRole('region', { name: 'This job has no artifacts' });
  await expect(empty).toBeVisible();
  const recipe = empty.locator('figure', { hasText: 'with the CLI this server serves' }).locator('code');
  await expect(recipe).toContainText(`curl -fsSL -o /tmp/stowage "$STOWAGE_URL${CLI_DOWNLOAD_PREFIX}/${CLI_DOWNLOAD_FILES.executable}"`);
  await expect(recipe).toContainText(`echo "${digest}  /tmp/stowage" | sha256sum -c -`);
  await expect(recipe).toContainText('/tmp/stowage store-artifacts --path');
  await expect(empty).toContainText('The digest shown is that of the executable this server serves now.');
});
