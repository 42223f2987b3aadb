import { spawn } from 'node:child_process';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { TEST_PASSWORD, freePort } from '@stowage/testing';
import { median, withBenchDatabase, withPlatform, workspaceRoot } from './bench-platform';

/**
 * Issue 6's numbers: time to first render and to interactive (the filter narrows the tree) of the
 * Artifacts tab for a job with 10,000 artifacts, in Debian's Chromium, against the built web app.
 */
const ARTIFACTS = 10_000;
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
        const page = `${webUrl}/${platform.world.organization.slug}/github/private-app/jobs/1/artifacts`;
        const firstRender: number[] = [];
        const interactive: number[] = [];
        for (let run = 0; run <= RUNS; run++) {
          const context = await browser.newContext();
          await context.addCookies([{ name: 'stowage_session', value: session, url: webUrl }]);
          const tab = await context.newPage();
          const started = Date.now();
          await tab.goto(page, { waitUntil: 'commit' });
          await tab.getByRole('treeitem').first().waitFor();
          const filter = tab.getByRole('searchbox').or(tab.getByPlaceholder(/filter/i)).first();
          await filter.fill('case-9999');
          await tab.getByRole('treeitem', { name: /case-9999\.xml/ }).first().waitFor();
          const ready = Date.now() - started;
          const fcp = await tab.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
          if (run > 0) {
            // The first run warms Next's caches and is not counted.
            firstRender.push(fcp);
            interactive.push(ready);
          }
          await context.close();
        }
        await browser.close();
        console.log(`Artifacts tab, ${ARTIFACTS} artifacts: first contentful paint ${median(firstRender).toFixed(0)} ms, interactive (tree shown, filter applied) ${median(interactive).toFixed(0)} ms (target < 1500 ms), medians of ${RUNS}`);
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
