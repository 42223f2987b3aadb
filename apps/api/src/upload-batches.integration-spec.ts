import { call, nextJobNumber, startApi, type ApiHarness } from '../test/api-harness';
import path from 'node:path';
import { pack, type Header } from 'tar-stream';
import { sha256 } from '../test/protocol';
import { readZip } from '../test/read-zip';

type Entry = { header: Partial<Header> & { name: string }; body?: Buffer };

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

const fileEntry = (name: string, body: Buffer): Entry => ({ header: { name, size: body.length, type: 'file' }, body });

describe.each(['filesystem', 's3'] as const)('the batch stream with the %s driver', (storage) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ storage });
  });
  afterAll(async () => {
    await api?.stop();
  });

  const declare = async (jobNumber: number, files: Array<{ path: string; content: Buffer; sha256?: string }>) => {
    const response = await call(api.baseUrl, 'POST', '/api/stowage/v1/upload-batches', {
      token: api.world.tokens.privateUpload,
      body: { project: api.world.slugs.private, jobNumber, files: files.map((f) => ({ path: f.path, size: f.content.length, sha256: f.sha256 ?? sha256(f.content), fileMode: 0o644 })) },
    });
    expect(response.status).toBe(201);
    return response.body as { jobId: string; batchId: string; url: string; files: Array<{ artifactId: string; path: string; stored: boolean }> };
  };
  const send = async (url: string, body: Buffer) => {
    const response = await fetch(url, { method: 'PUT', body: new Uint8Array(body), headers: { 'content-type': 'application/x-tar' } });
    return { status: response.status, body: (await response.json()) as { files?: Array<{ artifactId: string; path: string; state: string; reason?: string }>; error?: string; message?: string } };
  };
  const listing = async (jobNumber: number) => {
    const response = await call(api.baseUrl, 'GET', `/api/v1.1/project/${api.world.slugs.private}/${jobNumber}/artifacts`, { token: api.world.tokens.member });
    expect(response.status).toBe(200);
    return response.body as Array<{ path: string; url: string }>;
  };

  test('stores a batch as available artifacts: listings, downloads and the zip as for the per-file protocol', async () => {
    const jobNumber = nextJobNumber();
    const files = [
      { path: 'reports/index.html', content: Buffer.from('<!doctype html><title>Report</title>\n') },
      { path: `${'très-long-répertoire/'.repeat(8)}résumé ✓.txt`, content: Buffer.from('bonjour\n') },
      { path: 'empty.log', content: Buffer.alloc(0) },
    ];
    const declared = await declare(jobNumber, files);
    expect(declared.files.map((f) => f.stored)).toEqual([false, false, false]);
    const answer = await send(declared.url, await tarOf(files.map((f) => fileEntry(f.path, f.content))));
    expect(answer.status).toBe(200);
    expect(answer.body.files).toEqual(declared.files.map((f) => ({ artifactId: f.artifactId, path: f.path, state: 'available' })));

    const listed = await listing(jobNumber);
    expect(listed.map((a) => a.path).sort()).toEqual(files.map((f) => f.path).sort());
    for (const file of files) {
      const artifact = listed.find((a) => a.path === file.path)!;
      const download = await fetch(artifact.url, { headers: { 'circle-token': api.world.tokens.member } });
      expect(download.status).toBe(200);
      expect(Buffer.from(await download.arrayBuffer())).toEqual(file.content);
      if (file.path.endsWith('.html')) expect(download.headers.get('content-type')).toBe('text/html; charset=utf-8');
    }
    const zip = await fetch(`${api.baseUrl}/api/stowage/v1/projects/${api.world.slugs.private}/jobs/${jobNumber}/artifacts.zip`, { headers: { 'circle-token': api.world.tokens.member } });
    expect(zip.status).toBe(200);
    const entries = await readZip(Buffer.from(await zip.arrayBuffer()));
    expect(Object.keys(entries).length).toBe(files.length);
    for (const file of files) expect(Object.entries(entries).find(([name]) => name.endsWith(path.basename(file.path)))?.[1]).toEqual(file.content);

    const rows = await api.platform.db.artifact.findMany({ where: { id: { in: declared.files.map((f) => f.artifactId) } }, include: { blob: true } });
    for (const row of rows) {
      expect(row.state).toBe('AVAILABLE');
      expect(row.computedSha256).toBe(row.sha256);
      expect(row.blob?.sha256).toBe(row.sha256);
      expect(row.completedAt).not.toBeNull();
    }
  });

  test('fails only the file whose bytes do not match, and keeps it out of the listings', async () => {
    const jobNumber = nextJobNumber();
    const good = Buffer.from('good bytes\n');
    const declared = await declare(jobNumber, [
      { path: 'good.txt', content: good },
      { path: 'bad.txt', content: Buffer.from('declared bytes\n') },
    ]);
    const answer = await send(declared.url, await tarOf([fileEntry('good.txt', good), fileEntry('bad.txt', Buffer.from('changed bytes!\n'))]));
    expect(answer.status).toBe(200);
    expect(answer.body.files!.map((f) => f.state)).toEqual(['available', 'failed']);
    expect(answer.body.files![1]!.reason).toContain('sha256 mismatch');
    expect((await listing(jobNumber)).map((a) => a.path)).toEqual(['good.txt']);
    const bad = await api.platform.db.artifact.findUniqueOrThrow({ where: { id: declared.files[1]!.artifactId } });
    expect(bad.state).toBe('FAILED');
    expect(bad.failureReason).toContain('sha256 mismatch');
  });

  test('refuses a stream that does not match its declaration in JSON, publishes nothing, and takes the right stream after', async () => {
    const jobNumber = nextJobNumber();
    const content = Buffer.from('contents\n');
    const declared = await declare(jobNumber, [
      { path: 'a.txt', content },
      { path: 'b.txt', content },
    ]);
    const refusals: Array<[Buffer, RegExp]> = [
      [await tarOf([fileEntry('a.txt', content), { header: { name: 'b.txt', type: 'symlink', linkname: '/etc/passwd' } }]), /is a symlink/],
      [await tarOf([fileEntry('a.txt', content), { header: { name: 'b.txt', type: 'character-device', devmajor: 1, devminor: 3 } }]), /is a character-device/],
      [await tarOf([fileEntry('a.txt', content), fileEntry('b.txt', content), fileEntry('c.txt', content)]), /entry 3 \("c.txt"\) was not declared/],
      [await tarOf([fileEntry('a.txt', content), fileEntry('../b.txt', content)]), /entry 2 is "..\/b.txt"/],
      [(await tarOf([fileEntry('a.txt', content), fileEntry('b.txt', content)])).subarray(0, 1000), /not a complete tar stream/],
    ];
    for (const [body, message] of refusals) {
      const answer = await send(declared.url, body);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: 'invalid_input', message: expect.stringMatching(message) });
    }
    expect(await listing(jobNumber)).toEqual([]);
    const forged = new URL(declared.url);
    forged.searchParams.set('signature', 'x'.repeat(43));
    expect((await send(forged.toString(), await tarOf([fileEntry('a.txt', content), fileEntry('b.txt', content)]))).status).toBe(403);

    const answer = await send(declared.url, await tarOf([fileEntry('a.txt', content), fileEntry('b.txt', content)]));
    expect(answer.body.files!.map((f) => f.state)).toEqual(['available', 'available']);
    // Identical bytes are one blob of the project.
    const rows = await api.platform.db.artifact.findMany({ where: { id: { in: declared.files.map((f) => f.artifactId) } } });
    expect(new Set(rows.map((r) => r.blobId)).size).toBe(1);
  });

  test('refuses to declare a file too large for a batch', async () => {
    const response = await call(api.baseUrl, 'POST', '/api/stowage/v1/upload-batches', {
      token: api.world.tokens.privateUpload,
      body: { project: api.world.slugs.private, jobNumber: nextJobNumber(), files: [{ path: 'big.bin', size: 9 * 1024 * 1024, sha256: 'a'.repeat(64), fileMode: 0o644 }] },
    });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ error: 'payload_too_large' });
  });
});
