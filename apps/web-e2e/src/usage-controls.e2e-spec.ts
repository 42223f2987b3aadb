import { expect, test, type Page } from '@playwright/test';
import { e2eWorld, usagePath } from './support/e2e-world';
import { saveScreenshot } from './support/screenshots';
import { signIn } from './support/web-session';

const world = e2eWorld();

/** As CircleCI's docs tell an admin: from the organization, Plan > Usage Controls (at the URL it always had). */
async function openUsageControls(page: Page) {
  await page.goto(`/${world.org}`);
  await page.getByRole('navigation', { name: 'Organization settings' }).getByRole('link', { name: 'Plan' }).click();
  const plan = page.getByRole('navigation', { name: 'Plan' });
  await expect(plan.getByRole('link', { name: 'Usage Controls' })).toHaveAttribute('aria-current', 'page');
  await plan.getByRole('link', { name: 'Usage Controls' }).click();
  await expect(page).toHaveURL(new RegExp(`${usagePath(world)}$`));
  await expect(page.getByRole('navigation', { name: 'Organization settings' }).getByRole('link', { name: 'Plan' })).toHaveAttribute('aria-current', 'page');
}

test('Usage Controls as admin', async ({ page }, testInfo) => {
  await signIn(page, world.admin);
  await openUsageControls(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Usage Controls' })).toBeVisible();
  const storage = page.getByRole('region', { name: 'Storage by project' });
  await expect(storage).toBeVisible();
  // The demo seed uploads the same files in three jobs: stored once, so deduplication saved bytes.
  await expect(storage.getByRole('columnheader', { name: 'Saved by deduplication' })).toBeVisible();
  await expect(storage.getByRole('rowheader', { name: 'Total' })).toBeVisible();
  await expect(storage.getByTestId('saved-by-deduplication')).not.toHaveText('0 B');
  await expect(page.getByRole('img', { name: /Artifact downloads per day/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Largest artifacts' })).toBeVisible();

  const days = page.getByLabel('Keep artifacts for (days)');
  await expect(days).toBeEnabled();
  const current = Number(await days.inputValue());
  if (current > 1) {
    // Shortening shows what would expire at once and waits for confirmation; cancel keeps the world as seeded.
    await days.fill(String(current - 1));
    await page.getByRole('button', { name: 'Review change' }).click();
    await expect(page.getByTestId('retention-preview')).toContainText(/[\d,]+ artifacts?, .+ will expire at once/);
    await saveScreenshot(page, testInfo, 'usage-controls.png');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(days).toHaveValue(String(current));
  } else {
    await saveScreenshot(page, testInfo, 'usage-controls.png');
  }
});

test('an admin changes the retention, and the API keeps the new value', async ({ page, playwright }) => {
  await signIn(page, world.admin);
  await openUsageControls(page);
  const days = page.getByLabel('Keep artifacts for (days)');
  const original = Number(await days.inputValue());
  // The seeded artifacts are minutes old: shortening to 29 days expires none of them.
  const shorter = original > 1 ? original - 1 : 1;
  await days.fill(String(shorter));
  await page.getByRole('button', { name: 'Review change' }).click();
  await page.getByRole('button', { name: `Shorten to ${shorter} days` }).click();
  await expect(page.getByText(`Saved: artifacts are now kept ${shorter} days.`)).toBeVisible();

  const api = await playwright.request.newContext({ baseURL: world.apiUrl });
  await api.post('/api/stowage/v1/session', { data: { email: world.admin.email, password: world.admin.password } });
  const organization = await (await api.get(`/api/stowage/v1/organizations/${world.org}`)).json();
  expect(organization.artifactRetentionDays).toBe(shorter);

  // Lengthening needs no confirmation; it restores the seeded world.
  await page.reload();
  await days.fill(String(original));
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(`Saved: artifacts are now kept ${original} days.`)).toBeVisible();
  expect((await (await api.get(`/api/stowage/v1/organizations/${world.org}`)).json()).artifactRetentionDays).toBe(original);
  await api.dispose();
});

test('Usage Controls are read-only for a member', async ({ page }) => {
  await signIn(page, world.member);
  await openUsageControls(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Usage Controls' })).toBeVisible();
  await expect(page.getByLabel('Keep artifacts for (days)')).toBeDisabled();
  await expect(page.getByText('Only organization admins can change retention.')).toBeVisible();
  await expect(page.getByRole('button', { name: /Save|Review change/ })).toHaveCount(0);
});
