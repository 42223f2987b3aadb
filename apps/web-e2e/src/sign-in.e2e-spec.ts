import { expect, test } from '@playwright/test';
import { e2eWorld } from './support/e2e-world';
import { signIn } from './support/web-session';

const world = e2eWorld();

test('a visitor is offered to sign in', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
});

test('sign in and see organizations', async ({ page }) => {
  await signIn(page, world.admin);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Organizations' })).toBeVisible();
  const organizations = page.getByRole('list', { name: 'Your organizations' });
  await expect(organizations.locator(`a[href="/${world.org}"]`)).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
});

test('a wrong password is refused with a message', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(world.admin.email);
  await page.getByLabel('Password').fill(`${world.admin.password}-wrong`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Incorrect email or password' })).toBeVisible();
});
