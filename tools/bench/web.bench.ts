import { spawn } from 'node:child_process';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { TEST_PASSWORD, freePort } from '@stowage/testing';
import { median, withBenchDatabase, withPlatform, workspaceRoot } from './bench-platform';

/**
 * Issue 6's numbers: time to first render and to interactive (the filter narrows the tree) of the
 * Artifacts tab for a job with 10,000 artifacts, in Debian's Chromium, against the built web app.
 * Issue 14's: the Compare view of two 10,000-artifact jobs of one name (job 3 against job 2, its
 * default base on main) differing in 500 changed, 200 added and 200 removed files, interactive
 * when the changed files are listed and a filter has narrowed them.
 */
const ARTIFACTS = 10_000;
const CHANGED = 500;
const ADDED = 200;
const REMOVED = 200;
const RUNS = 5;

async function main() {
  await withBenchDatabase(() =>
    withPlatform('filesystem', async (platform) => {
      const { db } = platform.platform;
      const project = platform.world.projects.private;
      const job = await platform.platform.context.jobs.upsert(project.id, 1, { status: 'SUCCESS', branch: 'main' }, new Date());
      await db.$executeRaw`INSERT INTO artifacts (id, job_id, node_index, path, size, sha256, file_mode, storage_key, state, part_size, expires_at, completed_at, available_at, content_type)
        SELECT gen_random_uuid(), ${job.id}::uuid, i % 4, 'reports/suite-' || (i / 100) || '/case-' || i || '.xml', 4096, repeat('a', 64), 420,
               'bench/' || i, 'AVAILABLE', 4096, now() + interval '30 days', now(), now(), 'application/xml'
        FROM generate_series(1, ${ARTIFACTS}) AS i`;
      // The compared pair: job 2 (base) holds cases 1..10,000; job 3 drops the first 200, changes
      // the next 500 (other bytes, other size) and adds 200 after the last.
      const now = new Date();
      const base = await platform.platform.context.jobs.upsert(project.id, 2, { name: 'build', status: 'SUCCESS', branch: 'main' }, now);
      const head = await platform.platform.context.jobs.upsert(project.id, 3, { name: 'build', status: 'SUCCESS', branch: 'main' }, now);
      for (const [jobId, from, to] of [
        [base.id, 1, ARTIFACTS],
        [head.id, REMOVED + 1, ARTIFACTS + ADDED],
      ] as const) {
        await db.$executeRaw`INSERT INTO artifacts (id, job_id, node_index, path, size, sha256, file_mode, storage_key, state, part_size, expires_at, completed_at, available_at, content_type)
          SELECT gen_random_uuid(), ${jobId}::uuid, i % 4, 'reports/suite-' || (i / 100) || '/case-' || i || '.xml',
                 CASE WHEN ${jobId}::uuid = ${head.id}::uuid AND i <= ${REMOVED + CHANGED} THEN 5120 ELSE 4096 END,
                 CASE WHEN ${jobId}::uuid = ${head.id}::uuid AND i <= ${REMOVED + CHANGED} THEN repeat('b', 64) ELSE repeat('a', 64) END, 420,
                 'bench/' || ${jobId}::text || '/' || i, 'AVAILABLE', 4096, now() + interval '30 days', now(), now(), 'application/xml'
          FROM generate_series(${from}::int, ${to}::int) AS i`;
      }
      // A bulk load leaves the planner without statistics; a live table has them (autovacuum).
      await db.$executeRaw`ANALYZE artifacts`;
      const webPort = await freePort();
      const web = spawn(process.execPath, [path.join(workspaceRoot, 'node_modules/next/dist/bin/next'), 'start', 'apps/web', '-p', String(webPort), '-H', '127.0.0.1'], {
        cwd: workspaceRoot,
        env: { ...process.env, STOWAGE_API_URL: platform.baseUrl },
        stdio: 'ignore',
      });
      try {
        const webUrl = `http://127.0.0.1:${webPort}`;
        for (let i = 0; i < 100 && !(await fetch(`${webUrl}/sign-in`).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 200));
        const signIn = await fetch(`${platform.baseUrl}/api/stowage/v1/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: platform.world.users.admin.email, password: TEST_PASSWORD }),
        });
        const session = /stowage_session=([^;]+)/.exec(signIn.headers.get('set-cookie') ?? '')?.[1];
        if (!session) throw new Error('sign-in failed');
        const browser = await chromium.launch({
          executablePath: '/usr/bin/chromium',
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        });
        const projectUrl = `${webUrl}/${platform.world.organization.slug}/github/private-app`;
        /** Median time from navigation until `ready` resolves, over RUNS runs after one warm-up (Next's caches). */
        const measure = async (url: string, ready: (tab: Page) => Promise<void>) => {
          const firstRender: number[] = [];
          const interactive: number[] = [];
          for (let run = 0; run <= RUNS; run++) {
            const context = await browser.newContext();
            await context.addCookies([{ name: 'stowage_session', value: session, url: webUrl }]);
            const tab = await context.newPage();
            const started = Date.now();
            await tab.goto(url, { waitUntil: 'commit' });
            await ready(tab);
            const elapsed = Date.now() - started;
            const fcp = await tab.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
            if (run > 0) {
              firstRender.push(fcp);
              interactive.push(elapsed);
            }
            await context.close();
          }
          return { firstRender: median(firstRender), interactive: median(interactive) };
        };
        const artifacts = await measure(`${projectUrl}/jobs/1/artifacts`, async (tab) => {
          await tab.getByRole('treeitem').first().waitFor();
          const filter = tab.getByRole('searchbox').or(tab.getByPlaceholder(/filter/i)).first();
          await filter.fill('case-9999');
          await tab.getByRole('treeitem', { name: /case-9999\.xml/ }).first().waitFor();
        });
        console.log(
          `Artifacts tab, ${ARTIFACTS} artifacts: first contentful paint ${artifacts.firstRender.toFixed(0)} ms, interactive (tree shown, filter applied) ${artifacts.interactive.toFixed(0)} ms (target < 1500 ms), medians of ${RUNS}`,
        );
        const compare = await measure(`${projectUrl}/jobs/3/compare`, async (tab) => {
          const list = tab.getByRole('list', { name: 'Compared files' });
          await list.locator('li').first().waitFor();
          // Case 700 is a changed file: the path filter narrows the list to it.
          await tab.getByLabel('Filter compared files by path').fill('case-700.xml');
          await list.locator('li[data-status="changed"][data-path$="/case-700.xml"]').waitFor();
          await tab.getByTestId('compare-summary').getByText(/^1 of /).waitFor();
        });
        console.log(
          `Compare view, two ${ARTIFACTS}-artifact jobs (${CHANGED} changed, ${ADDED} added, ${REMOVED} removed): first contentful paint ${compare.firstRender.toFixed(0)} ms, interactive (changed files listed, filter applied) ${compare.interactive.toFixed(0)} ms (target < 1500 ms), medians of ${RUNS}`,
        );
        await browser.close();
      } finally {
        web.kill();
      }
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
