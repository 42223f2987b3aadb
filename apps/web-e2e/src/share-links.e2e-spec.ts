import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { ArtifactsTab } from './support/artifacts-tab';
import { e2eWorld } from './support/e2e-world';
import { signIn } from './support/web-session';

const world = e2eWorld();

test('share a file: the link opens without an account, lists and serves the file, and a mangled link is a plain 404', async ({ page, browser, baseURL }) => {
  await signIn(page, world.admin);
  const tab = new ArtifactsTab(page);
  await tab.open(world);
  await tab.expandAll();
  const path = (await tab.tree.locator('[role="treeitem"][data-kind="file"][data-state="available"]').first().getAttribute('data-path'))!;
  // Rows are virtualized: narrow the tree to the file so its row is rendered.
  await tab.filter.fill(path);
  await tab.select(tab.tree.locator(`[role="treeitem"][data-path="${path}"]`).first());
  const sha256 = (await tab.details.getByTestId('artifact-sha256').textContent())!.trim();

  await tab.details.getByTestId('share-open').click();
  const dialog = page.getByRole('dialog', { name: /^Share / });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Expires after').selectOption({ label: '1 day' });
  await dialog.getByLabel(/^Note/).fill('For the release review');
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const urlField = dialog.getByTestId('share-url');
  await expect(urlField).toBeVisible();
  await expect(dialog.getByRole('note')).toContainText('will not be shown again');
  const url = await urlField.inputValue();
  expect(url).toMatch(new RegExp(`^${baseURL!.replace(/[.]/g, '\\.')}/s/shr_[A-Za-z0-9_-]+$`));

  // Someone without an account: a fresh context, no cookies.
  const stranger = await browser.newContext();
  try {
    expect(await stranger.cookies()).toEqual([]);
    const visitor = await stranger.newPage();
    const pageResponse = await visitor.goto(url);
    expect(pageResponse!.status()).toBe(200);
    const pageHeaders = pageResponse!.headers();
    expect(pageHeaders['referrer-policy']).toBe('no-referrer');
    expect(pageHeaders['x-robots-tag']).toBe('noindex');
    expect(pageHeaders['cache-control']).toContain('no-store');
    expect(pageHeaders['cache-control']).toContain('private');
    // No app shell: nothing of any account or organization.
    await expect(visitor.getByRole('banner')).toHaveCount(0);
    await expect(visitor.getByTestId('share-note')).toHaveText('For the release review');
    const fileLink = visitor.getByTestId('shared-file').getByRole('link', { name: path, exact: true });
    await expect(fileLink).toBeVisible();

    const file = await stranger.request.get(new URL((await fileLink.getAttribute('href'))!, url).href);
    expect(file.status()).toBe(200);
    expect(file.headers()['referrer-policy']).toBe('no-referrer');
    expect(file.headers()['x-robots-tag']).toBe('noindex');
    expect(file.headers()['cache-control']).toBe('private, no-store');
    expect(file.headers()['content-security-policy']).toContain('sandbox');
    expect(createHash('sha256').update(await file.body()).digest('hex')).toBe(sha256);

    const zip = await stranger.request.get(new URL((await visitor.getByTestId('shared-archive').getAttribute('href'))!, url).href);
    expect(zip.status()).toBe(200);
    expect((await zip.body()).subarray(0, 2).toString('latin1')).toBe('PK');

    const secret = url.slice(url.lastIndexOf('/') + 1);
    const mangled = `${url.slice(0, url.lastIndexOf('/') + 1)}${secret.slice(0, -4)}${secret.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    const missing = await visitor.goto(mangled);
    expect(missing!.status()).toBe(404);
    await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('This link does not exist or has expired');
    await expect(visitor.getByRole('banner')).toHaveCount(0);
    const listing = await stranger.request.get(`${mangled}/listing`);
    expect(listing.status()).toBe(404);
    expect(listing.headers()['referrer-policy']).toBe('no-referrer');
  } finally {
    await stranger.close();
  }
});
