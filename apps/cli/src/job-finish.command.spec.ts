import { sendJson, startFakeHttpServer, type FakeHttpServer } from './fake-http-server.spec-helper';
import { resolveJobFinishConfig } from './job-finish.command';
import { capturedIo, usageProblemsOf } from './cli-run.spec-helper';
import { runCli } from './main';

const CIRCLECI = {
  STOWAGE_URL: 'https://stowage.example.com',
  STOWAGE_TOKEN: 'stw_upload',
  CIRCLE_PROJECT_USERNAME: 'acme',
  CIRCLE_PROJECT_REPONAME: 'app',
  CIRCLE_BUILD_NUM: '1234',
  CIRCLE_JOB: 'build',
  CIRCLE_BRANCH: 'main',
  CIRCLE_SHA1: 'a'.repeat(40),
};

describe('resolveJobFinishConfig', () => {
  it('takes everything else from CircleCI, as store-artifacts does', () => {
    expect(resolveJobFinishConfig({ status: 'success' }, CIRCLECI)).toEqual({
      url: 'https://stowage.example.com',
      token: 'stw_upload',
      project: 'gh/acme/app',
      jobNumber: 1234,
      job: { name: 'build', branch: 'main', revision: 'a'.repeat(40) },
      status: 'success',
      retries: 5,
    });
  });

  it.each([
    ['success', 'success'],
    ['failed', 'failed'],
    ['canceled', 'canceled'],
    ['failure', 'failed'],
    ['cancelled', 'canceled'],
    ['SUCCESS', 'success'],
  ])('reads --status %s as %s (GitHub job.status spellings included)', (given, status) => {
    expect(resolveJobFinishConfig({ status: given }, CIRCLECI).status).toBe(status);
  });

  it.each(['running', 'queued', 'ok', ''])('refuses --status "%s": only statuses that end a job', (status) => {
    const problems = usageProblemsOf(() => resolveJobFinishConfig({ status }, CIRCLECI));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(status ? /^invalid status .*success, failed or canceled/ : /^missing the job's status: pass --status success\|failed\|canceled/);
  });

  it('reports every problem at once: the status and what store-artifacts would miss', () => {
    const problems = usageProblemsOf(() => resolveJobFinishConfig({}, {}));
    expect(problems).toEqual([
      "missing the job's status: pass --status success|failed|canceled",
      'missing the Stowage server URL: pass --url <url> or set STOWAGE_URL',
      'missing an API token: pass --token <token> or set STOWAGE_TOKEN (or CIRCLE_TOKEN)',
      expect.stringMatching(/^missing the project: pass --project/),
      'missing the job number: pass --job-number <n> or set CIRCLE_BUILD_NUM',
    ]);
  });

  it('lets --name, --branch and --revision win over CircleCI variables (outside CircleCI they are the only source)', () => {
    const config = resolveJobFinishConfig({ status: 'failed', branch: 'release/1.0', name: 'e2e', revision: 'b'.repeat(40) }, CIRCLECI);
    expect(config.job).toEqual({ name: 'e2e', branch: 'release/1.0', revision: 'b'.repeat(40) });
    const bare = resolveJobFinishConfig({ status: 'failed', url: 'http://s', token: 't', project: 'gh/a/b', jobNumber: '7' }, {});
    expect(bare.job).toEqual({});
  });

  it('refuses what the server would: a branch over 255 characters, a bad --retries', () => {
    expect(usageProblemsOf(() => resolveJobFinishConfig({ status: 'success', branch: 'b'.repeat(256) }, CIRCLECI))).toEqual([expect.stringMatching(/^invalid --branch "b+": /)]);
    expect(usageProblemsOf(() => resolveJobFinishConfig({ status: 'success', retries: '21' }, CIRCLECI))).toEqual(['invalid --retries "21": it must be an integer from 0 to 20']);
  });
});

describe('stowage job finish', () => {
  let server: FakeHttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const io = (env: Record<string, string>) => capturedIo(env, { retryPolicy: { baseDelayMs: 1, maxDelayMs: 1 } });

  it('sends the status with what CircleCI knows about the job to the job endpoint, with the token, and exits 0', async () => {
    server = await startFakeHttpServer((request, response) => {
      const body = JSON.parse(request.body.toString()) as Record<string, unknown>;
      sendJson(response, 200, { id: 'j', number: 1234, name: 'build', branch: 'main', revision: null, status: body.status, parallelism: 1, startedAt: null, stoppedAt: '2026-06-01T12:00:00.000Z', artifactCount: 0 });
    });
    const { cli, output } = io({ ...CIRCLECI, STOWAGE_URL: server.baseUrl });
    await expect(runCli(['job', 'finish', '--status', 'failure'], cli)).resolves.toBe(0);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.method).toBe('PUT');
    expect(request.url).toBe('/api/stowage/v1/projects/gh/acme/app/jobs/1234');
    expect(request.headers['circle-token']).toBe('stw_upload');
    expect(JSON.parse(request.body.toString())).toEqual({ status: 'failed', name: 'build', branch: 'main', revision: 'a'.repeat(40) });
    expect(output().stdout).toBe('Job 1234 of gh/acme/app finished: failed on main\n');
  });

  it("exits 1 with the server's own message when it refuses, without retrying a refusal", async () => {
    server = await startFakeHttpServer((_request, response) => sendJson(response, 403, { statusCode: 403, error: 'Forbidden', message: 'This token may not upload to gh/acme/app' }));
    const { cli, output } = io({ ...CIRCLECI, STOWAGE_URL: server.baseUrl });
    await expect(runCli(['job', 'finish', '--status', 'success'], cli)).resolves.toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(output().stderr).toContain(`error: could not finish job 1234 of gh/acme/app on ${server.baseUrl}: 403 This token may not upload to gh/acme/app`);
  });

  it('retries a 503, then succeeds', async () => {
    let calls = 0;
    server = await startFakeHttpServer((_request, response) =>
      ++calls === 1
        ? sendJson(response, 503, { statusCode: 503, error: 'Service Unavailable', message: 'starting' })
        : sendJson(response, 200, { id: 'j', number: 1234, name: 'build', branch: null, revision: null, status: 'success', parallelism: 1, startedAt: null, stoppedAt: null, artifactCount: 0 }),
    );
    const { cli, output } = io({ ...CIRCLECI, STOWAGE_URL: server.baseUrl });
    await expect(runCli(['job', 'finish', '--status', 'success', '--retries', '1'], cli)).resolves.toBe(0);
    expect(server.requests).toHaveLength(2);
    expect(output().stderr).toMatch(/^retry 1\/1 in .*: 503 starting\n$/);
  });

  it('exits 2 on a missing or invalid status, pointing to its own --help, before any request', async () => {
    const { cli, output } = io(CIRCLECI);
    await expect(runCli(['job', 'finish'], cli)).resolves.toBe(2);
    await expect(runCli(['job', 'finish', '--status', 'running'], cli)).resolves.toBe(2);
    expect(output().stderr).toBe(
      "error: missing the job's status: pass --status success|failed|canceled\n(run stowage job finish --help for usage)\n" +
        'error: invalid status "running": use success, failed or canceled (GitHub\'s failure and cancelled are accepted too)\n(run stowage job finish --help for usage)\n',
    );
  });

  it('documents its options, variables, CI examples and exit codes in --help', async () => {
    const { cli, output } = io({});
    await expect(runCli(['job', 'finish', '--help'], cli)).resolves.toBe(0);
    const { stdout } = output();
    for (const text of [
      '--status', '--url', '--token', '--project', '--vcs', '--job-number', '--name', '--branch', '--revision', '--retries',
      'STOWAGE_URL', 'STOWAGE_TOKEN', 'CIRCLE_BUILD_NUM', 'CIRCLE_BRANCH', 'when: on_fail', 'when: on_success', '${{ job.status }}', 'Exit codes:',
    ]) {
      expect(stdout).toContain(text);
    }
  });
});
