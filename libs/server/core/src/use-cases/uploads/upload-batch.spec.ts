import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { MAX_UPLOAD_BATCH_FILE_BYTES } from '@stowage/contracts';
import { pack, type Header } from 'tar-stream';
import { createUploadBatch, type CreateUploadBatchInput } from './create-upload-batch';
import { receiveUploadBatch } from './receive-upload-batch';
import { PROJECT_REF, TTL_SECONDS, uploadWorld, domainErrorOf } from './upload-world.spec-helper';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const content = (path: string) => Buffer.from(`contents of ${path}\n`);

async function world() {
  const w = await uploadWorld();
  Object.assign(w.ctx.config, { signingSecret: 'batch-test-secret', publicUrl: 'http://api.test' });
  return w;
}
type World = Awaited<ReturnType<typeof world>>;

const declaration = (paths: string[], overrides: Partial<CreateUploadBatchInput> = {}): CreateUploadBatchInput => ({
  project: PROJECT_REF,
  jobNumber: 42,
  nodeIndex: 0,
  files: paths.map((path) => ({ path, size: content(path).length, sha256: sha256(content(path)), fileMode: 0o644 })),
  ...overrides,
});

type Entry = { header: Partial<Header> & { name: string }; body?: Buffer };

/** A tar stream as a maintained packer (tar-stream) writes it. */
async function tarOf(entries: Entry[]): Promise<Buffer> {
  const packer = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    packer.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    packer.on('end', () => resolve());
    packer.on('error', reject);
  });
  for (const { header, body } of entries) {
    await new Promise<void>((resolve, reject) => packer.entry(header, body ?? Buffer.alloc(0), (error) => (error ? reject(error) : resolve())));
  }
  packer.finalize();
  await done;
  return Buffer.concat(chunks);
}

const fileEntry = (path: string, body = content(path)): Entry => ({ header: { name: path, size: body.length, type: 'file' }, body });

async function declareAndSend(w: World, paths: string[], entries: (paths: string[]) => Entry[] | Promise<Buffer>) {
  const created = await createUploadBatch(w.ctx, w.uploader, declaration(paths));
  const url = new URL(created.url);
  const produced = entries(paths);
  const tar = Buffer.isBuffer(produced) ? produced : Array.isArray(produced) ? await tarOf(produced) : await produced;
  const send = (body: Buffer = tar) => receiveUploadBatch(w.ctx, { batchId: created.batchId, query: Object.fromEntries(url.searchParams), body: Readable.from([body]) });
  return { created, url, tar, send };
}

const states = (w: World) => w.tables.artifacts.map((a) => a.state);

describe('createUploadBatch: bytes the project already holds', () => {
  async function held(w: World, path: string) {
    const bytes = content(path);
    const storageKey = `artifacts/blob/${path}`;
    await w.storage.put(storageKey, Readable.from([bytes]));
    return w.seed.blob({ projectId: w.project.id, sha256: sha256(bytes), size: bytes.length, storageKey });
  }

  it('are stored at once for a caller who may read the project; the stream then carries only the others, in order', async () => {
    const w = await world();
    const blob = await held(w, 'b.txt');
    const created = await createUploadBatch(w.ctx, w.uploadReader, declaration(['a.txt', 'b.txt', 'c.txt']));
    expect(created.files.map((f) => [f.path, f.stored])).toEqual([
      ['a.txt', false],
      ['b.txt', true],
      ['c.txt', false],
    ]);
    expect(w.tables.artifacts.find((a) => a.id === created.files[1]!.artifactId)).toMatchObject({ state: 'AVAILABLE', blobId: blob.id });
    const url = new URL(created.url);
    expect(url.searchParams.get('files')).toBe('2');
    const result = await receiveUploadBatch(w.ctx, {
      batchId: created.batchId,
      query: Object.fromEntries(url.searchParams),
      body: Readable.from([await tarOf([fileEntry('a.txt'), fileEntry('c.txt')])]),
    });
    expect(result.files.map((f) => [f.path, f.state])).toEqual([
      ['a.txt', 'available'],
      ['c.txt', 'available'],
    ]);
    expect(w.tables.artifacts.every((a) => a.state === 'AVAILABLE')).toBe(true);
  });

  it('are always sent by an upload-only token', async () => {
    const w = await world();
    await held(w, 'b.txt');
    const created = await createUploadBatch(w.ctx, w.uploader, declaration(['a.txt', 'b.txt']));
    expect(created.files.map((f) => f.stored)).toEqual([false, false]);
    expect(new URL(created.url).searchParams.get('files')).toBe('2');
  });
});

describe('createUploadBatch', () => {
  it('inserts the files as pending artifacts, with no storage call, and answers a signed URL and per file its artifact', async () => {
    const w = await world();
    const created = await createUploadBatch(w.ctx, w.uploader, declaration(['a.txt', 'dir/b.txt']));
    expect(created.files.map((f) => [f.path, f.stored])).toEqual([
      ['a.txt', false],
      ['dir/b.txt', false],
    ]);
    expect(w.tables.artifacts.map((a) => [a.id, a.path, a.state, a.uploadId, a.sha256])).toEqual([
      [created.files[0]!.artifactId, 'a.txt', 'PENDING', null, sha256(content('a.txt'))],
      [created.files[1]!.artifactId, 'dir/b.txt', 'PENDING', null, sha256(content('dir/b.txt'))],
    ]);
    expect(w.storage.calls).toEqual([]);
    const url = new URL(created.url);
    expect(url.origin + url.pathname).toBe(`http://api.test/api/stowage/v1/upload-batches/${created.batchId}`);
    expect(url.searchParams.get('files')).toBe('2');
    expect(new Date(created.expiresAt).getTime()).toBe(w.clock.now().getTime() + TTL_SECONDS * 1000);
  });

  it('refuses what create-uploads refuses, and files too large for a batch', async () => {
    const w = await world();
    expect((await domainErrorOf(createUploadBatch(w.ctx, w.readOnly, declaration(['a.txt'])))).kind).toBe('forbidden');
    expect((await domainErrorOf(createUploadBatch(w.ctx, w.uploader, declaration(['a/../b'])))).kind).toBe('invalid_input');
    expect((await domainErrorOf(createUploadBatch(w.ctx, w.uploader, declaration(['a.txt', 'a.txt'])))).kind).toBe('invalid_input');
    const big = declaration(['big.bin']);
    big.files[0]!.size = MAX_UPLOAD_BATCH_FILE_BYTES + 1;
    const error = await domainErrorOf(createUploadBatch(w.ctx, w.uploader, big));
    expect(error.kind).toBe('payload_too_large');
    expect(w.tables.artifacts).toEqual([]);
  });
});

describe('receiveUploadBatch', () => {
  it('stores every entry, flushes the batch before anything is completed or published, and answers each file available', async () => {
    const w = await world();
    const order: string[] = [];
    const uploads = w.ctx.uploads;
    for (const method of ['markBatchCompleted', 'publish'] as const) {
      const original = uploads[method].bind(uploads) as (...args: unknown[]) => Promise<unknown>;
      jest.spyOn(uploads, method).mockImplementation((async (...args: unknown[]) => {
        order.push(method);
        return original(...args);
      }) as never);
    }
    const openBatch = w.storage.openBatch.bind(w.storage);
    jest.spyOn(w.storage, 'openBatch').mockImplementation(() => {
      const batch = openBatch();
      return { ...batch, flush: async () => (order.push('flush'), batch.flush()) };
    });
    const paths = ['a.txt', 'dir/b.txt', 'c.html'];
    const { created, send } = await declareAndSend(w, paths, (p) => p.map((path) => fileEntry(path)));
    const result = await send();

    expect(result.files).toEqual(created.files.map((f) => ({ artifactId: f.artifactId, path: f.path, state: 'available' })));
    expect(order).toEqual(['flush', 'markBatchCompleted', 'publish']);
    expect(states(w)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE']);
    const html = w.tables.artifacts.find((a) => a.path === 'c.html')!;
    expect(html.contentType).toBe('text/html; charset=utf-8');
    expect(w.tables.blobs.map((b) => b.sha256).sort()).toEqual(paths.map((p) => sha256(content(p))).sort());
    for (const artifact of w.tables.artifacts) expect(w.storage.objects.get(artifact.storageKey)?.bytes).toEqual(content(artifact.path));
    // Checked in flight: the bytes were never read back.
    expect(w.storage.calls.filter((c) => c.method === 'read' || c.method === 'stat')).toEqual([]);
  });

  it('fails only the entry whose bytes do not match its sha256, and publishes the others', async () => {
    const w = await world();
    const { created, send } = await declareAndSend(w, ['a.txt', 'b.txt', 'c.txt'], (p) => [fileEntry(p[0]!), fileEntry(p[1]!, Buffer.from(`CONTENTS OF ${p[1]}\n`)), fileEntry(p[2]!)]);
    const result = await send();
    expect(result.files.map((f) => f.state)).toEqual(['available', 'failed', 'available']);
    expect(result.files[1]!.reason).toContain('sha256 mismatch');
    expect(states(w)).toEqual(['AVAILABLE', 'FAILED', 'AVAILABLE']);
    expect(w.storage.objects.has(w.tables.artifacts[1]!.storageKey)).toBe(false);
    expect(created.files).toHaveLength(3);
  });

  it('accepts a long UTF-8 name as the packer writes it (pax path)', async () => {
    const w = await world();
    const long = `${'déjà-vu/'.repeat(20)}résumé ✓.txt`;
    expect(Buffer.byteLength(long)).toBeGreaterThan(155);
    const { send } = await declareAndSend(w, [long], (p) => [fileEntry(p[0]!)]);
    expect((await send()).files.map((f) => f.state)).toEqual(['available']);
  });

  const refusals: Array<[string, (paths: string[]) => Entry[] | Promise<Buffer>, RegExp]> = [
    ['an entry named otherwise than declared', (p) => [fileEntry(p[0]!), fileEntry('not-b.txt', content(p[1]!))], /entry 2 is "not-b.txt", but file 2 was declared as "b.txt"/],
    ['entries out of the declared order', (p) => [fileEntry(p[1]!), fileEntry(p[0]!)], /entry 1 is "b.txt"/],
    ['an entry of another size than declared', (p) => [fileEntry(p[0]!), fileEntry(p[1]!, Buffer.from('short'))], /entry 2 \("b.txt"\) is 5 bytes, but was declared with 18/],
    ['a symbolic link', (p) => [fileEntry(p[0]!), { header: { name: p[1]!, type: 'symlink', linkname: '/etc/passwd' } }], /is a symlink, not a regular file/],
    ['a hard link', (p) => [fileEntry(p[0]!), { header: { name: p[1]!, type: 'link', linkname: p[0]! } }], /is a link, not a regular file/],
    ['a device', (p) => [fileEntry(p[0]!), { header: { name: p[1]!, type: 'character-device', devmajor: 1, devminor: 3 } }], /is a character-device, not a regular file/],
    ['a directory', (p) => [fileEntry(p[0]!), { header: { name: p[1]!, type: 'directory' } }], /is a directory, not a regular file/],
    ['an undeclared extra entry', (p) => [...p.map((path) => fileEntry(path)), fileEntry('extra.txt')], /entry 3 \("extra.txt"\) was not declared/],
    ['a missing entry', (p) => [fileEntry(p[0]!)], /ended after 1 of the 2 declared files/],
    ['a pax key a batch does not take', (p) => [fileEntry(p[0]!), { header: { ...fileEntry(p[1]!).header, pax: { 'SCHILY.xattr.user.evil': 'x' } }, body: content(p[1]!) }], /pax key "SCHILY.xattr.user.evil"/],
    ['a truncated stream', async (p) => (await tarOf(p.map((path) => fileEntry(path)))).subarray(0, 700), /not a complete tar stream after 1 of 2 files/],
    ['bytes that are not tar', async () => Buffer.alloc(1024, 0x41), /not a complete tar stream after 0 of 2 files/],
    ['a stream longer than its declared files can take (zero blocks without end)', async (p) => Buffer.concat([await tarOf(p.map((path) => fileEntry(path))), Buffer.alloc(2 * 1024 * 1024)]), /is longer than \d+ bytes/],
  ];

  it.each(refusals)('refuses %s with invalid_input, publishes nothing, stores nothing and leaves the files pending', async (_name, entries, message) => {
    const w = await world();
    const discard = jest.fn();
    const openBatch = w.storage.openBatch.bind(w.storage);
    jest.spyOn(w.storage, 'openBatch').mockImplementation(() => {
      const batch = openBatch();
      return { ...batch, discard: async () => (discard(), batch.discard()) };
    });
    const { send } = await declareAndSend(w, ['a.txt', 'b.txt'], entries);
    const error = await domainErrorOf(send());
    expect(error.kind).toBe('invalid_input');
    expect(error.message).toMatch(message);
    expect(discard).toHaveBeenCalled();
    expect(states(w)).toEqual(['PENDING', 'PENDING']);
    expect(w.tables.artifacts.every((a) => a.completedAt === null)).toBe(true);
    expect(w.storage.objects.size).toBe(0);
    expect(w.tables.blobs).toEqual([]);
  });

  it('takes the same URL again after a refused stream', async () => {
    const w = await world();
    const { send, tar } = await declareAndSend(w, ['a.txt', 'b.txt'], (p) => p.map((path) => fileEntry(path)));
    await domainErrorOf(send(tar.subarray(0, 600)));
    expect((await send()).files.map((f) => f.state)).toEqual(['available', 'available']);
  });

  it('answers a batch sent again after it was stored from the database, without storing anything', async () => {
    const w = await world();
    const { send } = await declareAndSend(w, ['a.txt', 'b.txt'], (p) => [fileEntry(p[0]!), fileEntry(p[1]!, Buffer.from('CONTENTS OF b.txt\n'))]);
    const first = await send();
    const batches = w.storage.calls.filter((c) => c.method === 'openBatch').length;
    const again = await send();
    expect(again.files.map((f) => f.state)).toEqual(first.files.map((f) => f.state));
    expect(w.storage.calls.filter((c) => c.method === 'openBatch').length).toBe(batches);
  });

  it('refuses a URL with a bad signature, another number of files or an expired one', async () => {
    const w = await world();
    const { created, url, tar } = await declareAndSend(w, ['a.txt'], (p) => [fileEntry(p[0]!)]);
    const query = Object.fromEntries(url.searchParams);
    const attempt = (q: Record<string, string>) => receiveUploadBatch(w.ctx, { batchId: created.batchId, query: q, body: Readable.from([tar]) });
    expect((await domainErrorOf(attempt({ ...query, signature: 'x'.repeat(43) }))).message).toBe('the batch URL signature is invalid');
    expect((await domainErrorOf(attempt({ ...query, files: '2' }))).message).toBe('the batch URL signature is invalid');
    expect((await domainErrorOf(attempt({}))).message).toBe('the batch URL is not signed');
    w.clock.advance((TTL_SECONDS + 1) * 1000);
    expect((await domainErrorOf(attempt(query))).message).toBe('the batch URL has expired');
    expect(states(w)).toEqual(['PENDING']);
  });

  it('publishes nothing when the flush fails', async () => {
    const w = await world();
    const openBatch = w.storage.openBatch.bind(w.storage);
    jest.spyOn(w.storage, 'openBatch').mockImplementation(() => ({ ...openBatch(), flush: async () => Promise.reject(new Error('disk full')) }));
    const { send } = await declareAndSend(w, ['a.txt'], (p) => [fileEntry(p[0]!)]);
    await expect(send()).rejects.toThrow('disk full');
    expect(states(w)).toEqual(['PENDING']);
    expect(w.tables.artifacts[0]!.completedAt).toBeNull();
  });
});
