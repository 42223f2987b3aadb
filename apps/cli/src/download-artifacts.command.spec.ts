import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ArtifactDetail } from '@stowage/contracts';
import { Agent } from 'undici';
import { downloadFile, partialPathOf, planDownloads, resolveDownloadArtifactsConfig, type PlannedFile } from './download-artifacts.command';
import { startFakeHttpServer, type FakeHttpServer } from './fake-http-server.spec-helper';
import { WORKER_HASH_MIN_BYTES } from './sha256-digest';
import { UsageError } from './store-artifacts-options';

const sha256 = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');

function artifact(path: string, overrides: Partial<ArtifactDetail> = {}): ArtifactDetail {
  return {
    id: crypto.randomUUID(),
    path,
    nodeIndex: 0,
    state: 'available',
    failureReason: null,
    size: 1,
    sha256: 'a'.repeat(64),
    contentType: null,
    fileMode: 0o644,
    createdAt: new Date(0).toISOString(),
    expiresAt: new Date(0).toISOString(),
    url: `https://stowage.example.com/output/job/x/artifacts/0/${path}`,
    coreDump: null,
    ...overrides,
  };
}

describe('planDownloads', () => {
  const dir = '/tmp/target';
  const plan = (artifacts: ArtifactDetail[], include: string[] = [], nodeIndexes: number[] = []) => planDownloads(artifacts, { dir, include, nodeIndexes });

  test('refuses paths that would leave the directory: "..", absolute', () => {
    const result = plan([artifact('ok.txt'), artifact('../escape.txt'), artifact('a/../../escape.txt'), artifact('/etc/passwd'), artifact('C:/x')]);
    expect(result.files.map((f) => f.target)).toEqual(['/tmp/target/ok.txt']);
    expect(result.failures.map((f) => [f.path, f.reason.replace(/ \(.*/, '')])).toEqual([
      ['../escape.txt', 'refused: it would be written outside /tmp/target'],
      ['a/../../escape.txt', 'refused: it would be written outside /tmp/target'],
      ['/etc/passwd', 'refused: it would be written outside /tmp/target'],
      ['C:/x', 'refused: it would be written outside /tmp/target'],
    ]);
  });

  test('refuses the second of two paths that are one file on a case-insensitive filesystem, naming both', () => {
    const result = plan([artifact('Report/Index.html'), artifact('report/index.HTML'), artifact('other.txt')]);
    expect(result.files.map((f) => f.relative)).toEqual(['Report/Index.html', 'other.txt']);
    expect(result.failures).toEqual([
      { path: 'report/index.HTML', reason: 'refused: "Report/Index.html" and "report/index.HTML" would be the same file on a case-insensitive filesystem' },
    ]);
  });

  test('keeps available artifacts matching an include glob and a chosen container', () => {
    const artifacts = [
      artifact('dist/app.js'),
      artifact('dist/nested/.hidden'),
      artifact('dist/pending.js', { state: 'pending' }),
      artifact('coverage/index.html'),
      artifact('dist/other.js', { nodeIndex: 1 }),
    ];
    expect(plan(artifacts, ['dist/**'], [0]).files.map((f) => f.relative)).toEqual(['dist/app.js', 'dist/nested/.hidden']);
    expect(plan(artifacts, ['coverage/*', 'dist/app.js'], [0]).files.map((f) => f.relative)).toEqual(['dist/app.js', 'coverage/index.html']);
    // Two containers: each under its own directory, so same-named files do not clash.
    expect(plan([artifact('a.txt'), artifact('a.txt', { nodeIndex: 1 })]).files.map((f) => f.relative)).toEqual(['0/a.txt', '1/a.txt']);
  });
});

describe('resolveDownloadArtifactsConfig', () => {
  const circle = { STOWAGE_URL: 'https://s.example.com', STOWAGE_TOKEN: 't', CIRCLE_PROJECT_USERNAME: 'acme', CIRCLE_PROJECT_REPONAME: 'app', CIRCLE_BUILD_NUM: '77' };

  test('in a CircleCI job, --latest needs no project; successful jobs unless told otherwise', () => {
    const config = resolveDownloadArtifactsConfig({ latest: true, branch: 'main', include: ['dist/**'] }, circle, '/work');
    expect(config).toMatchObject({ project: 'gh/acme/app', job: { latest: { branch: 'main', status: 'success' } }, dir: '/work', include: ['dist/**'] });
    expect(resolveDownloadArtifactsConfig({ latest: true, status: 'any', dir: 'out' }, circle, '/work')).toMatchObject({ job: { latest: { status: undefined } }, dir: '/work/out' });
    expect(resolveDownloadArtifactsConfig({ jobNumber: '12' }, circle, '/work').job).toEqual({ jobNumber: 12 });
  });

  test('the job is explicit: CIRCLE_BUILD_NUM (the running job) is not taken', () => {
    const attempt = (options: Parameters<typeof resolveDownloadArtifactsConfig>[0]) => {
      try {
        resolveDownloadArtifactsConfig(options, circle, '/work');
        return [];
      } catch (error) {
        return (error as UsageError).problems;
      }
    };
    expect(attempt({})).toEqual(['missing the job: pass --job-number <n>, or --latest (with --branch, --job-name, --status)']);
    expect(attempt({ jobNumber: '1', latest: true })).toEqual(['pass either --job-number <n> or --latest, not both']);
    expect(attempt({ latest: true, status: 'great', nodeIndex: ['x'] })).toEqual([
      'invalid --status "great": use success, failed, canceled, running, queued or any',
      'invalid --node-index "x": it must be an integer from 0 to 1023',
    ]);
  });
});

describe('downloadFile', () => {
  const content = Buffer.from('0123456789'.repeat(1000));
  const digest = sha256(content);
  let root: string;
  let server: FakeHttpServer;
  /** How the fake server answers a Range request: honour it (206) or send everything (200). */
  let rangeAnswer: 206 | 200;
  let body: Buffer;
  /** Set: Stowage's URL redirects to /store/ (S3's presigned URL), answering this ETag; the store honours any Range, as S3 does. */
  let redirectEtag: string | undefined;

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'stowage-download-'));
    rangeAnswer = 206;
    body = content;
    redirectEtag = undefined;
    server = await startFakeHttpServer((request, response) => {
      const range = /^bytes=(\d+)-$/.exec(String(request.headers.range ?? ''));
      if (redirectEtag && request.url?.startsWith('/output/')) {
        response.writeHead(302, { location: '/store/object?X-Amz-Signature=abc', etag: redirectEtag });
        response.end();
        return;
      }
      if (redirectEtag && range) {
        const start = Number(range[1]);
        response.writeHead(206, { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` });
        response.end(body.subarray(start));
        return;
      }
      if (range && rangeAnswer === 206 && request.headers['if-range'] === `"${sha256(body)}"`) {
        const start = Number(range[1]);
        response.writeHead(206, { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}`, etag: `"${digest}"` });
        response.end(body.subarray(start));
        return;
      }
      response.writeHead(200, { etag: `"${digest}"` });
      response.end(body);
    });
  });
  afterEach(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  const planned = (mode = 0o755): PlannedFile => ({
    artifact: artifact('bin/tool', { size: content.length, sha256: digest, fileMode: 0o100000 | 0o4000 | mode, url: `${server.baseUrl}/output/job/j/artifacts/0/bin/tool` }),
    relative: 'bin/tool',
    target: join(root, 'bin/tool'),
  });
  const ctx = () => ({ token: 'secret' });

  test('downloads, verifies and restores the permission bits masked to 0777 (no setuid)', async () => {
    const file = planned(0o751);
    expect(await downloadFile(file, ctx())).toBe('downloaded');
    expect(readFileSync(file.target)).toEqual(content);
    expect(statSync(file.target).mode & 0o7777).toBe(0o751);
    expect(server.requests[0]!.headers['circle-token']).toBe('secret');
    expect(server.requests[0]!.headers.range).toBeUndefined();
    expect(existsSync(partialPathOf(file.target, digest))).toBe(false);
  });

  test('skips a file already present with the right digest, without a request', async () => {
    const file = planned();
    mkdirSync(dirname(file.target), { recursive: true });
    writeFileSync(file.target, content);
    expect(await downloadFile(file, ctx())).toBe('present');
    expect(server.requests).toHaveLength(0);
    expect(statSync(file.target).mode & 0o777).toBe(0o755);
  });

  test('replaces a file present with other content', async () => {
    const file = planned();
    mkdirSync(dirname(file.target), { recursive: true });
    writeFileSync(file.target, Buffer.alloc(content.length));
    expect(await downloadFile(file, ctx())).toBe('downloaded');
    expect(readFileSync(file.target)).toEqual(content);
  });

  test('resumes a partial file with Range and If-Range when the server answers 206', async () => {
    const file = planned();
    mkdirSync(dirname(file.target), { recursive: true });
    writeFileSync(partialPathOf(file.target, digest), content.subarray(0, 4321));
    expect(await downloadFile(file, ctx())).toBe('resumed');
    expect(server.requests.map((r) => [r.headers.range, r.headers['if-range']])).toEqual([['bytes=4321-', `"${digest}"`]]);
    expect(readFileSync(file.target)).toEqual(content);
  });

  test('starts over when the server answers the range with 200', async () => {
    const file = planned();
    mkdirSync(dirname(file.target), { recursive: true });
    // Garbage in the partial: a 200 must replace it, not append to it.
    writeFileSync(partialPathOf(file.target, digest), Buffer.from('x'.repeat(4321)));
    rangeAnswer = 200;
    expect(await downloadFile(file, ctx())).toBe('downloaded');
    expect(readFileSync(file.target)).toEqual(content);
  });

  test('a resumed file whose kept bytes were wrong is downloaded again in full', async () => {
    const file = planned();
    mkdirSync(dirname(file.target), { recursive: true });
    writeFileSync(partialPathOf(file.target, digest), Buffer.from('x'.repeat(4321)));
    expect(await downloadFile(file, ctx())).toBe('downloaded');
    expect(server.requests.map((r) => r.headers.range)).toEqual(['bytes=4321-', undefined]);
    expect(readFileSync(file.target)).toEqual(content);
  });

  test('resumes through a redirect to the store: the Range goes on when the redirect names the ETag asked for; the token does not', async () => {
    redirectEtag = `"${digest}"`;
    const file = planned();
    mkdirSync(dirname(file.target), { recursive: true });
    writeFileSync(partialPathOf(file.target, digest), content.subarray(0, 4321));
    expect(await downloadFile(file, ctx())).toBe('resumed');
    expect(server.requests.map((r) => [r.url, r.headers.range, r.headers['if-range'], r.headers['circle-token']])).toEqual([
      ['/output/job/j/artifacts/0/bin/tool', 'bytes=4321-', `"${digest}"`, 'secret'],
      ['/store/object?X-Amz-Signature=abc', 'bytes=4321-', undefined, undefined],
    ]);
    expect(readFileSync(file.target)).toEqual(content);
  });

  test('an artifact changed since it was listed: the redirect names another ETag, so the store is asked for all of it', async () => {
    body = Buffer.from('changed'.repeat(2000));
    redirectEtag = `"${sha256(body)}"`;
    const file = planned();
    mkdirSync(dirname(file.target), { recursive: true });
    writeFileSync(partialPathOf(file.target, digest), content.subarray(0, 4321));
    await expect(downloadFile(file, ctx())).rejects.toThrow(`SHA-256 mismatch: expected ${digest}, received ${sha256(body)}`);
    // One full GET of the store (If-Range's 200), never the tail of other bytes behind the kept ones.
    expect(server.requests.map((r) => [r.url, r.headers.range])).toEqual([
      ['/output/job/j/artifacts/0/bin/tool', 'bytes=4321-'],
      ['/store/object?X-Amz-Signature=abc', undefined],
    ]);
    expect(existsSync(file.target)).toBe(false);
    expect(existsSync(partialPathOf(file.target, digest))).toBe(false);
  });

  test('a large file, hashed on a worker thread, resumes and verifies; with a wrong byte it is refused', async () => {
    const large = randomBytes(WORKER_HASH_MIN_BYTES + 12345);
    body = large;
    const file: PlannedFile = { ...planned(), artifact: { ...planned().artifact, size: large.length, sha256: sha256(large) } };
    mkdirSync(dirname(file.target), { recursive: true });
    writeFileSync(partialPathOf(file.target, sha256(large)), large.subarray(0, 5 * 1024 * 1024));
    expect(await downloadFile(file, ctx())).toBe('resumed');
    expect(server.requests.map((r) => r.headers.range)).toEqual([`bytes=${5 * 1024 * 1024}-`]);
    expect(readFileSync(file.target).equals(large)).toBe(true);
    rmSync(file.target);
    body = Buffer.from(large);
    body[body.length - 1] ^= 1;
    await expect(downloadFile(file, ctx())).rejects.toThrow(`SHA-256 mismatch: expected ${sha256(large)}, received ${sha256(body)}`);
  });

  test('a file that cannot be written gives its connection back: the next download on a one-connection pool goes through', async () => {
    // Larger than the socket's buffers: an unread body holds its connection until it is destroyed.
    body = randomBytes(4 * 1024 * 1024);
    const big = (name: string): PlannedFile => ({
      artifact: artifact(name, { size: body.length, sha256: sha256(body), url: `${server.baseUrl}/output/job/j/artifacts/0/${name}` }),
      relative: name,
      target: join(root, name),
    });
    const dispatcher = new Agent({ connections: 1 });
    try {
      const blocked = big('blocked.bin');
      mkdirSync(partialPathOf(blocked.target, sha256(body)), { recursive: true }); // a directory where the partial file goes
      await expect(downloadFile(blocked, { token: 'secret', dispatcher })).rejects.toThrow(/EISDIR/);
      const next = big('next.bin');
      expect(await downloadFile(next, { token: 'secret', dispatcher })).toBe('downloaded');
      expect(readFileSync(next.target)).toEqual(body);
    } finally {
      await dispatcher.destroy();
    }
  });

  test('refuses bytes whose digest does not match, leaving no target and no partial file', async () => {
    body = Buffer.from('9'.repeat(content.length));
    const file = planned();
    await expect(downloadFile(file, ctx())).rejects.toThrow(`SHA-256 mismatch: expected ${digest}, received ${sha256(body)}`);
    expect(existsSync(file.target)).toBe(false);
    expect(existsSync(partialPathOf(file.target, digest))).toBe(false);
  });
});
