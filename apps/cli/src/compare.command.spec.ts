import type { JobComparison } from '@stowage/contracts';
import { brokenBudgets, compareJobs, parsePercent, parseSize, resolveCompareConfig } from './compare.command';
import { sendJson, startFakeHttpServer, type FakeHttpServer } from './fake-http-server.spec-helper';
import { capturedIo as io, usageProblemsOf } from './cli-run.spec-helper';
import { runCli } from './main';

const ENV = { STOWAGE_URL: 'https://stowage.example.com', STOWAGE_TOKEN: 'stw_read', STOWAGE_PROJECT: 'gh/acme/app', CIRCLE_BUILD_NUM: '12' };

function comparison(extra: Partial<JobComparison> = {}): JobComparison {
  return {
    job: { number: 12, name: 'build', branch: 'feature', status: 'running', pending: false },
    base: { number: 10, name: 'build', branch: 'main', status: 'success', pending: false },
    matchBy: 'container',
    pending: false,
    totals: { added: 1, removed: 0, changed: 1, unchanged: 1, baseSize: 1_000_000, size: 1_072_000, delta: 72_000 },
    containers: [{ nodeIndex: 0, added: 1, removed: 0, changed: 1, unchanged: 1, baseSize: 1_000_000, size: 1_072_000, delta: 72_000 }],
    items: [
      { nodeIndex: 0, path: 'dist/app.js', status: 'changed', baseSize: 200_000, size: 268_390, delta: 68_390 },
      { nodeIndex: 0, path: 'dist/new.js', status: 'added', baseSize: null, size: 3_610, delta: 3_610 },
      { nodeIndex: 0, path: 'dist/vendor.js', status: 'unchanged', baseSize: 800_000, size: 800_000, delta: 0 },
    ],
    next_page_token: null,
    ...extra,
  };
}

describe('compare options', () => {
  it('parses sizes in binary and decimal units, and percentages', () => {
    expect(parseSize('250KiB')).toBe(256_000);
    expect(parseSize('1.5 MiB')).toBe(1_572_864);
    expect(parseSize('300kB')).toBe(300_000);
    expect(parseSize('512')).toBe(512);
    expect(parseSize('12 parsecs')).toBeUndefined();
    expect(parsePercent('5%')).toBe(5);
    expect(parsePercent('2.5 %')).toBe(2.5);
    expect(parsePercent('five')).toBeUndefined();
  });

  it('resolves the job as store-artifacts does, with budgets', () => {
    const config = resolveCompareConfig({ base: '10', matchBy: 'path', maxGrowth: '5%', maxSize: ['dist/app.js=250KiB', 'dist/**/*.css=10 KiB'], waitTimeout: '60' }, ENV);
    expect(config).toMatchObject({ url: 'https://stowage.example.com', token: 'stw_read', project: 'gh/acme/app', jobNumber: 12, base: 10, matchBy: 'path', maxGrowthPercent: 5, waitTimeoutMs: 60_000 });
    expect(config.maxSizes.map((b) => [b.glob, b.bytes])).toEqual([['dist/app.js', 256_000], ['dist/**/*.css', 10_240]]);
    expect(config.maxSizes[1].matches('dist/a/b/site.css')).toBe(true);
    expect(config.maxSizes[1].matches('dist/site.js')).toBe(false);
  });

  it('reports every bad option at once', () => {
    expect(usageProblemsOf(() => resolveCompareConfig({ base: 'x', matchBy: 'folder', maxGrowth: 'lots', maxSize: ['dist/app.js', 'a=huge'], waitTimeout: '-1' }, ENV))).toEqual([
      'invalid --base "x": it must be a job number',
      'invalid --match-by "folder": use container or path',
      'invalid --max-growth "lots": give a percentage such as 5%',
      `invalid --max-size "dist/app.js": give <glob>=<size>, such as 'dist/app.js=250KiB'`,
      `invalid --max-size "a=huge": give <glob>=<size>, such as 'dist/app.js=250KiB'`,
      'invalid --wait-timeout "-1": it must be a number of seconds from 0 to 86400',
    ]);
  });
});

describe('budgets', () => {
  const config = (options: Parameters<typeof resolveCompareConfig>[0]) => resolveCompareConfig(options, ENV);

  it('names each broken budget: a file over its size, the total over its growth', () => {
    const c = comparison();
    expect(brokenBudgets(c, c.items, config({ maxGrowth: '5%', maxSize: ['dist/app.js=250KiB', 'dist/*.js=1MiB'] }))).toEqual([
      "the job's total grew 7.2 %, over the 5 % budget (976.6 KiB to 1.0 MiB)",
      'dist/app.js (container 0) is 262.1 KiB, over its budget of 250 KiB',
    ]);
    expect(brokenBudgets(c, c.items, config({ maxGrowth: '8%', maxSize: ['dist/*.js=200KiB'] }))).toEqual([
      'dist/app.js (container 0) is 262.1 KiB, over its budget dist/*.js of 200 KiB',
      'dist/vendor.js (container 0) is 781.3 KiB, over its budget dist/*.js of 200 KiB',
    ]);
    expect(brokenBudgets(c, c.items, config({ maxGrowth: '7.5%', maxSize: ['dist/app.js=300KiB'] }))).toEqual([]);
  });

  it('growth from an empty base breaks any growth budget', () => {
    const c = comparison({ totals: { added: 1, removed: 0, changed: 0, unchanged: 0, baseSize: 0, size: 10, delta: 10 } });
    expect(brokenBudgets(c, [], config({ maxGrowth: '5%' }))).toEqual(["the job's total grew from nothing to 10 B, over the 5 % budget"]);
  });
});

describe('stowage compare', () => {
  let server: FakeHttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('reads the comparison, prints a summary and exits 1 naming each broken budget', async () => {
    server = await startFakeHttpServer((_request, response) => sendJson(response, 200, comparison()));
    const { cli, output } = io({ ...ENV, STOWAGE_URL: server.baseUrl });
    await expect(runCli(['compare', '--max-growth', '5%', '--max-size', 'dist/app.js=250KiB'], cli)).resolves.toBe(1);
    const [request] = server.requests;
    expect(request.url).toMatch(/^\/api\/stowage\/v1\/projects\/gh\/acme\/app\/jobs\/12\/compare\?/);
    expect(new URL(request.url, 'http://x').searchParams.get('matchBy')).toBe('container');
    expect(request.headers['circle-token']).toBe('stw_read');
    expect(output().stdout).toBe(
      [
        'Job 12 compared with job 10 on main (by container):',
        '  changed  [0] dist/app.js  195.3 KiB -> 262.1 KiB (+66.8 KiB)',
        '  added    [0] dist/new.js  3.5 KiB (+3.5 KiB)',
        '1 added, 0 removed, 1 changed, 1 unchanged; total 976.6 KiB -> 1.0 MiB (+70.3 KiB, 7.2 %)',
        '',
      ].join('\n'),
    );
    expect(output().stderr).toContain("over budget: the job's total grew 7.2 %, over the 5 % budget");
    expect(output().stderr).toContain('over budget: dist/app.js (container 0) is 262.1 KiB, over its budget of 250 KiB');
  });

  it('exits 0 within budget, reading every page with the base the first page chose', async () => {
    const second = comparison({ items: [{ nodeIndex: 1, path: 'z.txt', status: 'added', baseSize: null, size: 1, delta: 1 }] });
    server = await startFakeHttpServer((request, response) =>
      sendJson(response, 200, request.url.includes('page-token') ? second : comparison({ next_page_token: 'next' })),
    );
    const { cli, output } = io({ ...ENV, STOWAGE_URL: server.baseUrl });
    await expect(runCli(['compare', '--max-growth', '10%'], cli)).resolves.toBe(0);
    expect(server.requests).toHaveLength(2);
    const params = new URL(server.requests[1].url, 'http://x').searchParams;
    expect([params.get('page-token'), params.get('base')]).toEqual(['next', '10']);
    expect(output().stdout).toContain('[1] z.txt');
  });

  it('waits with backoff while either job has pending artifacts, and gives up after --wait-timeout', async () => {
    let calls = 0;
    server = await startFakeHttpServer((_request, response) => sendJson(response, 200, comparison({ pending: ++calls < 3, job: { ...comparison().job, pending: calls < 3 } })));
    const slept: number[] = [];
    let clock = 0;
    const config = resolveCompareConfig({ url: server.baseUrl }, ENV);
    const quiet = { write: () => undefined };
    const sleep = async (ms: number) => void (slept.push(ms), (clock += ms));
    await expect(compareJobs(config, { stdout: quiet, stderr: quiet, sleep, now: () => clock })).resolves.toMatchObject({ exitCode: 0 });
    expect(slept).toEqual([1000, 2000]);

    calls = -100;
    let stderr = '';
    const timedOut = await compareJobs({ ...config, waitTimeoutMs: 5000 }, { stdout: quiet, stderr: { write: (t: string) => (stderr += t) }, sleep, now: () => clock });
    expect(timedOut.exitCode).toBe(1);
    expect(stderr).toContain('still has pending artifacts');
  });

  it("exits 1 with the server's message when it refuses; 2 on bad options, before any request", async () => {
    server = await startFakeHttpServer((_request, response) => sendJson(response, 404, { statusCode: 404, error: 'Not Found', message: 'a successful job named build on main to compare with (pass base=<job number>) not found' }));
    const { cli, output } = io({ ...ENV, STOWAGE_URL: server.baseUrl });
    await expect(runCli(['compare'], cli)).resolves.toBe(1);
    expect(output().stderr).toContain('404 a successful job named build on main');
    await expect(runCli(['compare', '--max-size', 'dist/app.js'], cli)).resolves.toBe(2);
    expect(server.requests).toHaveLength(1);
    expect(output().stderr).toContain('(run stowage compare --help for usage)');
  });
});
