import { createHash } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { buildPath } from '@stowage/api-client';
import { JobComparisonSchema, routes } from '@stowage/contracts';
import { apiSession, listJobArtifacts } from './support/api-session';
import { createUploadToken, seedJob } from './support/cli-seed';
import { e2eWorld, jobPath, type E2eWorld } from './support/e2e-world';
import { signIn } from './support/web-session';

const world = e2eWorld();

/** Job 1 of the demo seed holds two screenshots of different colours: the image's two versions. */
async function twoPngs(api: APIRequestContext, world: E2eWorld): Promise<[Buffer, Buffer]> {
  const shots = (await listJobArtifacts(api, world, 1)).filter((a) => a.path === 'screenshots/home page.png').sort((a, b) => a.nodeIndex - b.nodeIndex);
  expect(shots).toHaveLength(2);
  const bytes = await Promise.all(shots.map(async (shot) => Buffer.from(await (await api.get(shot.url)).body())));
  expect(bytes[0].equals(bytes[1])).toBe(false);
  return [bytes[0], bytes[1]];
}

/** Where the app loads an artifact from: its proxy path when the artifact is on the API's origin, else the artifact URL itself. */
function expectedHref(artifactUrl: string): string {
  const url = new URL(artifactUrl);
  return url.origin === new URL(world.apiUrl).origin ? `${url.pathname}${url.search}` : url.href;
}

test('compare two jobs: counts, sizes, filters, matching by path, a text diff shown as text and two images from the artifacts', async ({ page, playwright, baseURL }) => {
  const api = await apiSession(playwright, world, world.admin);
  const token = await createUploadToken(api, world, `compare-e2e-${Date.now()}`);
  const ci = await playwright.request.newContext({ baseURL: world.apiUrl });
  const [redPng, bluePng] = await twoPngs(api, world);

  // Numbers no other spec uses, and a name of its own, so the default base is this spec's base job.
  const baseNumber = 100_000 + Math.floor(Math.random() * 1_000_000_000);
  const headNumber = baseNumber + 1;
  const name = `compare-e2e-${baseNumber}`;
  const same = { 'same/one.txt': 'identical\n', 'same/two.txt': 'also identical\n' };
  await seedJob(ci, world, token, {
    number: baseNumber,
    name,
    branch: 'main',
    containers: {
      0: {
        ...same,
        'notes/readme.txt': 'alpha\nbeta\n',
        'shots/diagram.png': redPng,
        'dist/app.js': 'a'.repeat(1000),
        'dist/removed.js': 'gone\n',
        'moved/suite.xml': '<testsuite tests="3"/>\n',
      },
    },
  });
  await seedJob(ci, world, token, {
    number: headNumber,
    name,
    branch: 'main',
    containers: {
      0: {
        ...same,
        'notes/readme.txt': 'alpha\n<b>x</b>\nbeta gamma\n',
        'shots/diagram.png': bluePng,
        'dist/app.js': 'a'.repeat(1500),
        'dist/added.js': 'new\n',
      },
      // Test splitting moved this file to the other container.
      1: { 'moved/suite.xml': '<testsuite tests="3"/>\n' },
    },
  });
  // Uploads end in the worker: compare once neither job has pending artifacts.
  const comparePath = buildPath(routes.compareJobs.path, { vcs: world.project.vcs, org: world.project.org, project: world.project.name, jobNumber: headNumber });
  await expect.poll(async () => JobComparisonSchema.parse(await (await api.get(comparePath)).json()).pending, { timeout: 30_000 }).toBe(false);

  await signIn(page, world.admin);
  await page.goto(jobPath(world, headNumber));
  await page.getByRole('navigation', { name: 'Job' }).getByRole('link', { name: 'Compare' }).click();
  await expect(page).toHaveURL(new RegExp(`/jobs/${headNumber}/compare$`));
  await expect(page.getByRole('navigation', { name: 'Job' }).getByRole('link', { name: 'Compare' })).toHaveAttribute('aria-current', 'page');

  // The default base: the previous successful job of the same name on main.
  await expect(page.getByTestId('compare-base')).toContainText(`${name} #${baseNumber}`);
  const count = (status: string) => page.getByTestId(`compare-count-${status}`);
  await expect(count('changed')).toHaveText('3');
  await expect(count('added')).toHaveText('2');
  await expect(count('removed')).toHaveText('2');
  await expect(count('unchanged')).toHaveText('2');
  await expect(page.getByRole('table', { name: 'Totals per container' }).locator('tbody tr')).toHaveCount(2);

  const list = page.getByRole('list', { name: 'Compared files' });
  const row = (path: string) => list.locator(`li[data-path="${path}"]`);
  await expect(row('dist/app.js')).toHaveAttribute('data-status', 'changed');
  await expect(row('dist/app.js').getByTestId('size-change')).toHaveText('+500 B');
  await expect(row('moved/suite.xml')).toHaveCount(2);
  await expect(list.locator('li')).toHaveCount(7);

  // Filters narrow the list as the Artifacts tab's do: words of the path, then the kind of change.
  await page.getByLabel('Filter compared files by path').fill('dist');
  await expect(list.locator('li')).toHaveCount(3);
  await expect(page.getByTestId('compare-summary')).toContainText('3 of 7 files match');
  await page.getByLabel('Change', { exact: true }).selectOption({ label: 'Removed' });
  await expect(list.locator('li')).toHaveCount(1);
  await expect(row('dist/removed.js')).toHaveAttribute('data-status', 'removed');
  await page.getByLabel('Change', { exact: true }).selectOption({ label: 'Any change' });
  await page.getByLabel('Filter compared files by path').fill('');
  await page.getByLabel('Container', { exact: true }).selectOption({ label: 'Container 1' });
  await expect(list.locator('li')).toHaveCount(1);
  await expect(row('moved/suite.xml')).toHaveAttribute('data-status', 'added');
  await page.getByLabel('Container', { exact: true }).selectOption({ label: 'All containers' });

  // A changed text file: its diff, with markup shown as the characters it is.
  await row('notes/readme.txt').getByRole('button').click();
  const diff = page.getByRole('region', { name: 'Line diff' });
  // Each changed line also says in words which side it is on (colour and mark are visual only).
  await expect(diff.locator('[data-diff="removed"]')).toHaveText(['2-removed: beta']);
  await expect(diff.locator('[data-diff="added"]')).toHaveText(['2+added: <b>x</b>', '3+added: beta gamma']);
  await expect(diff.getByText('<b>x</b>', { exact: true })).toBeVisible();
  await expect(diff.locator('b')).toHaveCount(0);

  // A changed image: both versions side by side, each loaded from its artifact's own address.
  await row('shots/diagram.png').getByRole('button').click();
  const images = page.getByTestId('image-comparison').locator('img');
  await expect(images).toHaveCount(2);
  const [baseArtifact, headArtifact] = await Promise.all(
    [baseNumber, headNumber].map(async (n) => (await listJobArtifacts(api, world, n)).find((a) => a.path === 'shots/diagram.png')!),
  );
  for (const [index, artifact] of [baseArtifact, headArtifact].entries()) {
    const src = (await images.nth(index).getAttribute('src'))!;
    expect(src).toBe(expectedHref(artifact.url));
    await expect.poll(() => images.nth(index).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
    const served = await page.request.get(new URL(src, baseURL).href);
    expect(createHash('sha256').update(await served.body()).digest('hex')).toBe(artifact.sha256);
  }

  // Matched by path alone, the file that moved containers is unchanged.
  await page.getByRole('switch', { name: 'Match files by path across containers' }).check();
  await expect(page).toHaveURL(/[?&]match=path/);
  await expect(count('added')).toHaveText('1');
  await expect(count('removed')).toHaveText('1');
  await expect(count('unchanged')).toHaveText('3');
  await expect(count('changed')).toHaveText('3');
  await expect(row('moved/suite.xml')).toHaveCount(0);
  await expect(list.locator('li')).toHaveCount(5);

  // Another base by its number: the job against itself has nothing to list.
  await page.getByLabel('Base job number').fill(String(headNumber));
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`base=${headNumber}`));
  await expect(count('unchanged')).toHaveText('7');
  await expect(page.getByText('No file differs from the base job.')).toBeVisible();

  await ci.dispose();
  await api.dispose();
});

test('a job with no successful job of its name on the default branch shows why there is nothing to compare', async ({ page }) => {
  await signIn(page, world.admin);
  // Job 1 of the demo seed is the first "build" on main: no earlier successful one to be its base.
  await page.goto(`${jobPath(world, 1)}/compare`);
  await expect(page.getByRole('heading', { name: 'Nothing to compare with yet' })).toBeVisible();
  await expect(page.getByLabel('Base job number')).toBeVisible();
});
