import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompleteUploadsRequest, CreateUploadsRequest, RecordUploadPartsRequest } from '@stowage/contracts';
import { sendJson, startFakeHttpServer, type FakeHttpServer, type ReceivedRequest } from './fake-http-server.spec-helper';
import { storeArtifacts, type StoreArtifactsIo } from './store-artifacts.command';
import type { StoreArtifactsConfig } from './store-artifacts-options';

/**
 * A fake of the API's upload protocol (the real one is exercised by the integration spec): it
 * checks the token on API calls, hands out one part per 64 KiB, stores parts and verifies the
 * whole file's SHA-256 on completion, as the real server does.
 */
interface FakeUpload {
  path: string;
  size: number;
  /** Declared at creation or at completion, as the real server allows. */
  sha256?: string;
  fileMode: number;
  sourceStamp?: string;
  parts: Map<number, Buffer>;
  /** The server's ledger: parts it knows the store holds, with their etags. */
  ledger: Map<number, string>;
  completed: boolean;
}

const PART_SIZE = 64 * 1024;
const TOKEN = 'secret-api-token';

class FakeStowage {
  server!: FakeHttpServer;
  readonly uploads = new Map<string, FakeUpload>();
  /** Create requests mentioning these paths are refused with 413, as the size limit does. */
  readonly refusedPaths = new Set<string>();
  /** Paths whose bytes the project already holds: answered `stored`, as to a caller who may read the project. */
  readonly storedPaths = new Set<string>();
  /** PUTs to parts of these paths get 403. */
  readonly forbiddenPaths = new Set<string>();
  /** The next N PUTs get 503. */
  unavailableParts = 0;
  rejectToken = false;
  /** Like S3: the parts go to the store, and the agent reports them (else the server records them, as the filesystem driver's API does). */
  reportParts = false;
  /** After this many parts have been received, every other PUT gets 403 (the upload is cut off for good). */
  cutOffAfterParts = Infinity;

  async start(): Promise<void> {
    this.server = await startFakeHttpServer((request, response) => {
      const api = request.url.startsWith('/api/stowage/v1/uploads');
      if (api && (request.headers['circle-token'] !== TOKEN || this.rejectToken)) {
        return sendJson(response, 401, { statusCode: 401, error: 'unauthorized', message: 'invalid or revoked API token' });
      }
      if (request.method === 'POST' && request.url === '/api/stowage/v1/uploads') return this.create(request, response);
      if (request.method === 'POST' && request.url === '/api/stowage/v1/uploads/complete') return this.complete(request, response);
      if (request.method === 'POST' && request.url === '/api/stowage/v1/uploads/parts') return this.report(request, response);
      if (request.method === 'PUT' && request.url.startsWith('/parts/')) return this.putPart(request, response);
      sendJson(response, 404, { statusCode: 404, error: 'not_found', message: request.url });
    });
  }

  requests(kind: 'create' | 'complete' | 'part' | 'report'): ReceivedRequest[] {
    const path = { create: '', complete: '/complete', report: '/parts', part: '' }[kind];
    return this.server.requests.filter((request) => (kind === 'part' ? request.url.startsWith('/parts/') : request.url === `/api/stowage/v1/uploads${path}`));
  }

  byPath(path: string): FakeUpload {
    return [...this.uploads.values()].find((upload) => upload.path === path)!;
  }

  private create(request: ReceivedRequest, response: Parameters<typeof sendJson>[0]) {
    const body = JSON.parse(request.body.toString()) as CreateUploadsRequest;
    const refused = body.files.find((file) => this.refusedPaths.has(file.path));
    if (refused) return sendJson(response, 413, { statusCode: 413, error: 'payload_too_large', message: `"${refused.path}" is over the limit` });
    const uploads = body.files.map((file) => {
      if (this.storedPaths.has(file.path)) {
        return { artifactId: randomUUID(), path: file.path, parts: [], receivedParts: [], reportParts: false, targetsExpireAt: new Date().toISOString(), stored: true };
      }
      // The real server's rule, simplified: the same path, size and stamp resume the upload never completed.
      const resumed = [...this.uploads.entries()].find(
        ([, upload]) => !upload.completed && upload.path === file.path && upload.size === file.size && file.sourceStamp !== undefined && upload.sourceStamp === file.sourceStamp,
      );
      const artifactId = resumed?.[0] ?? randomUUID();
      if (!resumed) this.uploads.set(artifactId, { ...file, parts: new Map(), ledger: new Map(), completed: false });
      const ledger = this.uploads.get(artifactId)!.ledger;
      const count = Math.max(1, Math.ceil(file.size / PART_SIZE));
      const parts = Array.from({ length: count }, (_, i) => ({
        partNumber: i + 1,
        method: 'PUT' as const,
        url: `${this.server.baseUrl}/parts/${artifactId}/${i + 1}?signature=x`,
        headers: { 'content-type': 'application/octet-stream' },
        offset: i * PART_SIZE,
        length: Math.min(PART_SIZE, file.size - i * PART_SIZE),
      }));
      return {
        artifactId,
        path: file.path,
        parts: parts.filter((part) => !ledger.has(part.partNumber)),
        receivedParts: [...ledger].map(([partNumber, etag]) => ({ partNumber, etag })),
        reportParts: this.reportParts,
        targetsExpireAt: new Date(Date.now() + 3600_000).toISOString(),
      };
    });
    sendJson(response, 201, { jobId: randomUUID(), uploads });
  }

  private putPart(request: ReceivedRequest, response: Parameters<typeof sendJson>[0]) {
    const [, , artifactId, partNumber] = request.url.split('?')[0].split('/');
    const upload = this.uploads.get(artifactId)!;
    if (this.forbiddenPaths.has(upload.path) || this.requests('part').length > this.cutOffAfterParts) {
      return sendJson(response, 403, { statusCode: 403, error: 'forbidden', message: 'the upload URL signature is invalid' });
    }
    if (this.unavailableParts > 0) {
      this.unavailableParts--;
      return sendJson(response, 503, { statusCode: 503, error: 'unavailable', message: 'try again' });
    }
    upload.parts.set(Number(partNumber), request.body);
    const etag = createHash('md5').update(request.body).digest('hex');
    if (!this.reportParts) upload.ledger.set(Number(partNumber), etag);
    // Half the parts answer like S3 (header), half like the API's filesystem endpoint (JSON).
    if (Number(partNumber) % 2) {
      response.writeHead(200, { etag: `"${etag}"` });
      response.end();
    } else sendJson(response, 200, { etag });
  }

  private report(request: ReceivedRequest, response: Parameters<typeof sendJson>[0]) {
    const body = JSON.parse(request.body.toString()) as RecordUploadPartsRequest;
    for (const { artifactId, partNumber, etag } of body.parts) this.uploads.get(artifactId)!.ledger.set(partNumber, etag);
    response.writeHead(204);
    response.end();
  }

  private complete(request: ReceivedRequest, response: Parameters<typeof sendJson>[0]) {
    const body = JSON.parse(request.body.toString()) as CompleteUploadsRequest;
    if (body.uploads.some(({ artifactId, sha256 }) => !(this.uploads.get(artifactId)!.sha256 ?? sha256))) {
      return sendJson(response, 400, { statusCode: 400, error: 'invalid_input', message: 'an upload was created without a sha256; complete it with one' });
    }
    const results = body.uploads.map(({ artifactId, parts, sha256 }) => {
      const upload = this.uploads.get(artifactId)!;
      upload.sha256 ??= sha256;
      const bytes = Buffer.concat(parts.map((part) => upload.parts.get(part.partNumber)!));
      const ok = createHash('sha256').update(bytes).digest('hex') === upload.sha256 && bytes.length === upload.size;
      upload.completed = ok;
      return { artifactId, state: ok ? 'pending' : 'failed' };
    });
    sendJson(response, 200, { uploads: results });
  }
}

let root: string;
let stowage: FakeStowage;
let stdout: string;
let stderr: string;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'store-artifacts-'));
  stowage = new FakeStowage();
  await stowage.start();
  stdout = '';
  stderr = '';
});
afterEach(async () => {
  await stowage.server.close();
  rmSync(root, { recursive: true, force: true });
});

function run(path: string, overrides: Partial<StoreArtifactsConfig> = {}, ioOverrides: Partial<StoreArtifactsIo> = {}) {
  const config: StoreArtifactsConfig = {
    path,
    destination: 'out',
    url: stowage.server.baseUrl,
    token: TOKEN,
    project: 'gh/acme/app',
    jobNumber: 42,
    nodeIndex: 0,
    job: { name: 'build' },
    concurrency: 4,
    retries: 2,
    // The per-file protocol (the fake server's); batches are tested in batch-sender.spec.ts and on the real platform.
    batchThreshold: 0,
    ...overrides,
  };
  const io: StoreArtifactsIo = {
    cwd: root,
    home: root,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    retryPolicy: { baseDelayMs: 1, maxDelayMs: 5 },
    ...ioOverrides,
  };
  return storeArtifacts(config, io);
}

describe('storeArtifacts against a fake API', () => {
  it('uploads 1,201 files in 3 create and 3 complete requests, one PUT per part, with modes and hashes', async () => {
    const dir = join(root, 'artifacts');
    mkdirSync(dir);
    for (let i = 0; i < 1200; i++) writeFileSync(join(dir, `small-${String(i).padStart(4, '0')}.txt`), `file ${i}\n`);
    const big = randomBytes(3 * PART_SIZE + 100);
    writeFileSync(join(dir, 'big.bin'), big);
    chmodSync(join(dir, 'small-0007.txt'), 0o755);

    const result = await run(dir);

    expect(result).toMatchObject({ exitCode: 0, files: 1201, storedFiles: 1201, failures: [] });
    expect(stowage.requests('create')).toHaveLength(3);
    expect(stowage.requests('complete')).toHaveLength(3);
    expect(stowage.requests('part')).toHaveLength(1200 + 4);
    expect([...stowage.uploads.values()].every((upload) => upload.completed)).toBe(true);
    expect(stowage.byPath('out/big.bin')).toMatchObject({ size: big.length, sha256: createHash('sha256').update(big).digest('hex') });
    expect(stowage.byPath('out/small-0007.txt').fileMode).toBe(0o755);
    expect(stowage.byPath('out/small-0008.txt').fileMode).toBe(0o644 & ~process.umask());
    expect(stdout).toMatch(/^Stored 1201 files \(\d+\.\d KiB\) in \d+\.\d s, .+\/s\n$/);
  });

  it('sends nothing for files the server answers it holds already, completes only the others, and says so', async () => {
    const dir = join(root, 'artifacts');
    mkdirSync(dir);
    for (const name of ['held', 'new']) writeFileSync(join(dir, name), `${name} bytes`);
    stowage.storedPaths.add('out/held');

    const result = await run(dir);

    expect(result).toMatchObject({ exitCode: 0, storedFiles: 2, alreadyStoredFiles: 1, alreadyStoredBytes: 10, sentBytes: 9 });
    expect(stowage.requests('part')).toHaveLength(1);
    const completed = stowage.requests('complete').flatMap((request) => (JSON.parse(request.body.toString()) as CompleteUploadsRequest).uploads);
    expect(completed.map((upload) => stowage.uploads.get(upload.artifactId)?.path)).toEqual(['out/new']);
    expect(stdout).toMatch(/; sent 9 B of 19 B; 1 file \(10 B\) already stored\n$/);
  });

  it('sends the token to the API and never to a part URL', async () => {
    writeFileSync(join(root, 'a.txt'), 'a');
    await run(join(root, 'a.txt'));
    for (const request of stowage.requests('create').concat(stowage.requests('complete'))) expect(request.headers['circle-token']).toBe(TOKEN);
    for (const request of stowage.requests('part')) {
      expect(request.headers['circle-token']).toBeUndefined();
      expect(request.headers.authorization).toBeUndefined();
    }
  });

  it('fails only the files the server refuses, names them with its message, and exits 1', async () => {
    const dir = join(root, 'artifacts');
    mkdirSync(dir);
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) writeFileSync(join(dir, name), name);
    stowage.refusedPaths.add('out/b');
    stowage.forbiddenPaths.add('out/e');

    const result = await run(dir);

    expect(result.exitCode).toBe(1);
    expect(result.storedFiles).toBe(4);
    expect(result.failures).toEqual([
      { displayPath: join(dir, 'b'), artifactPath: 'out/b', message: '413 "out/b" is over the limit' },
      { displayPath: join(dir, 'e'), artifactPath: 'out/e', message: 'HTTP 403: the upload URL signature is invalid' },
    ]);
    expect(stdout).toMatch(/^Stored 4 of 6 files/);
    expect(stderr).toContain(`2 files were not stored:\n  ${join(dir, 'b')}: 413 "out/b" is over the limit\n  ${join(dir, 'e')}: HTTP 403`);
    expect(['a', 'c', 'd', 'f'].every((name) => stowage.byPath(`out/${name}`).completed)).toBe(true);
  });

  it('uploads names with a tab, newline, ESC and bidi override; lists a name that is not UTF-8, a file gone before it was read and a refused file, escaped; exits 1', async () => {
    const dir = join(root, 'artifacts');
    mkdirSync(dir);
    const names = ['tab\there.txt', 'new\nline.log', '\u001b[31mred', '\u202etxt.exe', 'plain.txt', 'refused\t.txt', 'vanishing\n.txt'];
    for (const name of names) writeFileSync(join(dir, name), name);
    writeFileSync(Buffer.concat([Buffer.from(join(dir, 'bad')), Buffer.from([0xff]), Buffer.from('.txt')]), 'not UTF-8');
    stowage.refusedPaths.add('out/refused\t.txt');
    // Deleted once listed and announced, before its bytes are read: it cannot be read any more.
    const fetchDeletingOne: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/api/stowage/v1/uploads')) rmSync(join(dir, 'vanishing\n.txt'), { force: true });
      return fetch(input, init);
    };

    const result = await run(dir, {}, { fetch: fetchDeletingOne });

    expect(result.exitCode).toBe(1);
    for (const name of ['tab\there.txt', 'new\nline.log', '\u001b[31mred', '\u202etxt.exe', 'plain.txt']) {
      const upload = stowage.byPath(`out/${name}`);
      expect(upload.completed).toBe(true);
      expect(Buffer.concat([...upload.parts.values()]).toString()).toBe(name);
    }
    expect(result.storedFiles).toBe(5);
    expect(result.failures).toEqual([
      { displayPath: `${dir}/bad\\xff.txt`, message: expect.stringMatching(/not valid UTF-8/) },
      { displayPath: `${dir}/refused\\t.txt`, artifactPath: 'out/refused\t.txt', message: '413 "out/refused\\t.txt" is over the limit' },
      { displayPath: `${dir}/vanishing\\n.txt`, artifactPath: 'out/vanishing\n.txt', message: `${dir}/vanishing\\n.txt changed while it was being uploaded (it was deleted); store it once it is no longer written to` },
    ]);
    expect(stdout).toMatch(/^Stored 5 of 8 files/);
    expect(stderr).toContain(
      `3 files were not stored:\n  ${dir}/bad\\xff.txt: its name is not valid UTF-8 (an artifact path is UTF-8); rename it.\n  ${dir}/refused\\t.txt: 413 "out/refused\\t.txt" is over the limit\n  ${dir}/vanishing\\n.txt: ${dir}/vanishing\\n.txt changed while`,
    );
    // Nothing printed can move the cursor, fake a line or reorder text: no raw control or format character.
    expect(stdout + stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(stderr.split('\n').filter((line) => line.startsWith('  ')).length).toBe(3);
  });

  it('retries parts that got a 503 and still exits 0', async () => {
    writeFileSync(join(root, 'a.bin'), randomBytes(2 * PART_SIZE));
    stowage.unavailableParts = 2;
    const result = await run(join(root, 'a.bin'));
    expect(result.exitCode).toBe(0);
    expect(stowage.requests('part')).toHaveLength(4);
    expect(stderr).toMatch(/retry 1\/2 of part \d of .*a\.bin in .*: HTTP 503: try again/);
  });

  describe.each([
    ['the server records the parts it receives (filesystem)', false],
    ['the parts go to the store and are reported (S3)', true],
  ])('run again after a cut-off: %s', (_, reportParts) => {
    it('sends only the parts the server lacks, completes with all of them, and says how much it sent', async () => {
      const data = randomBytes(5 * PART_SIZE + 10);
      writeFileSync(join(root, 'big.bin'), data);
      writeFileSync(join(root, 'small.txt'), 'small');
      stowage.reportParts = reportParts;
      stowage.cutOffAfterParts = 3;
      const first = await run(root, { concurrency: 1, retries: 0 });
      expect(first.exitCode).toBe(1);
      const big = stowage.byPath('out/big.bin');
      const held = [...big.ledger.keys()];
      expect(held.length).toBeGreaterThanOrEqual(2);
      // Parts of a file of several are reported one by one; a one-part file's never.
      expect(stowage.requests('report').length).toBe(reportParts ? held.length : 0);

      stowage.cutOffAfterParts = Infinity;
      const partsBefore = stowage.requests('part').length;
      const second = await run(root, { concurrency: 1, retries: 0 });
      expect(second).toMatchObject({ exitCode: 0, storedFiles: 2 });
      const sentParts = stowage.requests('part').slice(partsBefore);
      const sentBytes = sentParts.reduce((sum, request) => sum + request.body.length, 0);
      expect(sentParts.map((request) => request.url)).not.toEqual(expect.arrayContaining(held.map((n) => expect.stringContaining(`/${n}?`))));
      // The one-part file was cut off too, before its only part arrived: it is sent whole.
      expect(first.storedFiles).toBe(0);
      expect(sentBytes).toBe(data.length - held.length * PART_SIZE + 'small'.length);
      expect(second.sentBytes).toBe(sentBytes);
      expect(big.completed).toBe(true);
      expect(big.sha256).toBe(createHash('sha256').update(data).digest('hex'));
      expect(stdout).toMatch(/sent [\d.]+ KiB of [\d.]+ KiB\n$/);
    });

    it('sends a file rebuilt since the cut-off anew', async () => {
      writeFileSync(join(root, 'big.bin'), randomBytes(3 * PART_SIZE));
      stowage.reportParts = reportParts;
      stowage.cutOffAfterParts = 1;
      expect((await run(root, { concurrency: 1, retries: 0 })).exitCode).toBe(1);
      stowage.cutOffAfterParts = Infinity;
      const rebuilt = randomBytes(3 * PART_SIZE);
      writeFileSync(join(root, 'big.bin'), rebuilt);
      const partsBefore = stowage.requests('part').length;
      const second = await run(root, { concurrency: 1, retries: 0 });
      expect(second).toMatchObject({ exitCode: 0, sentBytes: rebuilt.length });
      expect(stowage.requests('part').length - partsBefore).toBe(3);
    });
  });

  it('stops at once when the server refuses the token, without sending the rest', async () => {
    const dir = join(root, 'artifacts');
    mkdirSync(dir);
    for (let i = 0; i < 1200; i++) writeFileSync(join(dir, `f${i}`), 'x');
    stowage.rejectToken = true;

    const result = await run(dir);

    expect(result.exitCode).toBe(1);
    expect(result.failures).toHaveLength(1200);
    // Two batches are created at once; the third is never announced.
    expect(stowage.requests('create').length).toBeLessThanOrEqual(2);
    expect(stowage.requests('part')).toHaveLength(0);
    expect(stderr).toContain('Stopping: 401 invalid or revoked API token');
    expect(stderr).toContain('… and 1100 more (not uploaded: the upload stopped after 401 invalid or revoked API token)');
  });
});
