import { UsageError, resolveStoreArtifactsConfig, type StoreArtifactsCliOptions } from './store-artifacts-options';

/** The variables CircleCI sets in every job, plus the two a Stowage user adds in a context. */
const circleEnv = {
  STOWAGE_URL: 'https://stowage.example.com',
  STOWAGE_TOKEN: 'stowage-token',
  CIRCLE_PROJECT_USERNAME: 'acme',
  CIRCLE_PROJECT_REPONAME: 'app',
  CIRCLE_BUILD_NUM: '1234',
  CIRCLE_NODE_INDEX: '2',
  CIRCLE_JOB: 'build',
  CIRCLE_BRANCH: 'main',
  CIRCLE_SHA1: 'a'.repeat(40),
};

function problemsOf(options: StoreArtifactsCliOptions, env: Record<string, string | undefined>): string[] {
  try {
    resolveStoreArtifactsConfig(options, env);
  } catch (error) {
    if (error instanceof UsageError) return error.problems;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('resolveStoreArtifactsConfig', () => {
  it('needs only --path inside a CircleCI job', () => {
    expect(resolveStoreArtifactsConfig({ path: '/tmp/artifacts' }, circleEnv)).toEqual({
      path: '/tmp/artifacts',
      destination: undefined,
      url: 'https://stowage.example.com',
      token: 'stowage-token',
      project: 'gh/acme/app',
      jobNumber: 1234,
      nodeIndex: 2,
      job: { name: 'build', branch: 'main', revision: 'a'.repeat(40) },
      concurrency: 4,
      retries: 5,
      batchThreshold: 1024 * 1024,
    });
  });

  it('prefers options to variables', () => {
    const config = resolveStoreArtifactsConfig(
      { path: 'p', url: 'http://localhost:3000', token: 't', project: 'bitbucket/other/repo', jobNumber: '7', nodeIndex: '0', concurrency: '8', retries: '0' },
      circleEnv,
    );
    expect(config).toMatchObject({ url: 'http://localhost:3000', token: 't', project: 'bb/other/repo', jobNumber: 7, nodeIndex: 0, concurrency: 8, retries: 0 });
  });

  it('takes STOWAGE_TOKEN before CIRCLE_TOKEN, and CIRCLE_TOKEN when it is the only one', () => {
    expect(resolveStoreArtifactsConfig({ path: 'p' }, { ...circleEnv, CIRCLE_TOKEN: 'circle' }).token).toBe('stowage-token');
    expect(resolveStoreArtifactsConfig({ path: 'p' }, { ...circleEnv, STOWAGE_TOKEN: undefined, CIRCLE_TOKEN: 'circle' }).token).toBe('circle');
  });

  it('takes STOWAGE_PROJECT before the CircleCI variables, and --vcs for those', () => {
    expect(resolveStoreArtifactsConfig({ path: 'p' }, { ...circleEnv, STOWAGE_PROJECT: 'gh/acme/other' }).project).toBe('gh/acme/other');
    expect(resolveStoreArtifactsConfig({ path: 'p', vcs: 'bitbucket' }, circleEnv).project).toBe('bb/acme/app');
  });

  it('defaults the node index to 0 and leaves unknown job details out', () => {
    const config = resolveStoreArtifactsConfig({ path: 'p', url: 'http://h', token: 't', project: 'gh/a/b', jobNumber: '1' }, {});
    expect(config.nodeIndex).toBe(0);
    expect(config.job).toEqual({ name: undefined, branch: undefined, revision: undefined });
  });

  it('treats an empty variable as unset', () => {
    expect(problemsOf({ path: 'p' }, { ...circleEnv, STOWAGE_URL: '' })).toEqual(['missing the Stowage server URL: pass --url <url> or set STOWAGE_URL']);
  });

  it('names the option and the variable for every missing value, all at once', () => {
    expect(problemsOf({}, {})).toEqual([
      'missing the files to store: pass --path <file-or-directory>',
      'missing the Stowage server URL: pass --url <url> or set STOWAGE_URL',
      'missing an API token: pass --token <token> or set STOWAGE_TOKEN (or CIRCLE_TOKEN)',
      'missing the project: pass --project <vcs/org/repo> (e.g. gh/acme/app) or set STOWAGE_PROJECT (or CIRCLE_PROJECT_USERNAME and CIRCLE_PROJECT_REPONAME, which CircleCI sets)',
      'missing the job number: pass --job-number <n> or set CIRCLE_BUILD_NUM',
    ]);
  });

  it('says where an invalid value came from', () => {
    expect(problemsOf({ path: 'p' }, { ...circleEnv, CIRCLE_BUILD_NUM: 'abc' })).toEqual([
      'invalid job number "abc" (from CIRCLE_BUILD_NUM): it must be a positive integer',
    ]);
    expect(problemsOf({ path: 'p', jobNumber: '0' }, circleEnv)).toEqual(['invalid job number "0" (from --job-number): it must be a positive integer']);
    expect(problemsOf({ path: 'p', project: 'acme/app' }, circleEnv)).toEqual(['invalid project "acme/app" (from --project): it must look like gh/acme/app']);
    expect(problemsOf({ path: 'p' }, { ...circleEnv, STOWAGE_URL: 'ftp://x' })).toEqual([
      'invalid server URL "ftp://x" (from STOWAGE_URL): it must be an http:// or https:// URL',
    ]);
    expect(problemsOf({ path: 'p', concurrency: '0', retries: '-1', vcs: 'svn', batchThreshold: '9000000' }, circleEnv)).toEqual([
      'invalid --vcs "svn": use gh, github, bb, bitbucket or circleci',
      'invalid --concurrency "0": it must be an integer from 1 to 64',
      'invalid --retries "-1": it must be an integer from 0 to 20',
      'invalid --batch-threshold "9000000": it must be an integer from 0 to 8388608',
    ]);
  });
});
