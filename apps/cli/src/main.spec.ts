import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { capturedIo as io } from './cli-run.spec-helper';
import { runCli } from './main';

describe('stowage CLI', () => {
  it('exits 2 naming each missing option and its variable', async () => {
    const { cli, output } = io();
    await expect(runCli(['store-artifacts', '--path', '/tmp'], cli)).resolves.toBe(2);
    const { stderr } = output();
    expect(stderr).toContain('error: missing the Stowage server URL: pass --url <url> or set STOWAGE_URL');
    expect(stderr).toContain('--token <token> or set STOWAGE_TOKEN (or CIRCLE_TOKEN)');
    expect(stderr).toContain('--job-number <n> or set CIRCLE_BUILD_NUM');
  });

  it('exits 2 on an unknown option', async () => {
    const { cli, output } = io();
    await expect(runCli(['store-artifacts', '--pth', 'x'], cli)).resolves.toBe(2);
    expect(output().stderr).toContain("unknown option '--pth'");
  });

  it('exits 2 for a destination CircleCI would refuse, before any network call', async () => {
    const { cli, output } = io({ STOWAGE_URL: 'http://127.0.0.1:9', STOWAGE_TOKEN: 't', STOWAGE_PROJECT: 'gh/a/b', CIRCLE_BUILD_NUM: '1' });
    await expect(runCli(['store-artifacts', '--path', __filename, '--destination', '../escape'], cli)).resolves.toBe(2);
    expect(output().stderr).toMatch(/^error: /);
  });

  it('exits 0 with a note when the path does not exist, as store_artifacts does', async () => {
    const { cli, output } = io({ STOWAGE_URL: 'http://127.0.0.1:9', STOWAGE_TOKEN: 't', STOWAGE_PROJECT: 'gh/a/b', CIRCLE_BUILD_NUM: '1' });
    await expect(runCli(['store-artifacts', '--path', '/nonexistent/screenshots'], cli)).resolves.toBe(0);
    expect(output().stderr).toContain('No artifact files found at /nonexistent/screenshots');
  });

  it.each([['--version'], ['-V']])('prints the workspace package.json version for %s and exits 0', async (flag) => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string };
    const { cli, output } = io();
    await expect(runCli([flag], cli)).resolves.toBe(0);
    expect(output().stdout).toBe(`${version}\n`);
  });

  it('documents every option, its variable and examples in --help', async () => {
    const { cli, output } = io();
    await expect(runCli(['store-artifacts', '--help'], cli)).resolves.toBe(0);
    const { stdout } = output();
    for (const text of [
      '--path', '--destination', '--url', '--token', '--project', '--vcs', '--job-number', '--node-index', '--concurrency', '--retries',
      'STOWAGE_URL', 'STOWAGE_TOKEN', 'CIRCLE_TOKEN', 'STOWAGE_PROJECT', 'CIRCLE_PROJECT_USERNAME', 'CIRCLE_PROJECT_REPONAME',
      'CIRCLE_BUILD_NUM', 'CIRCLE_NODE_INDEX', 'CIRCLE_JOB', 'CIRCLE_BRANCH', 'CIRCLE_SHA1',
      'Examples:', 'stowage store-artifacts --path /tmp/artifacts', 'Exit codes:',
    ]) {
      expect(stdout).toContain(text);
    }
  });
});
