import { call, nextJobNumber, startApi, within, type ApiHarness } from '../test/api-harness';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { QueueName } from '@stowage/contracts';
import { freePort, uploadFiles } from '@stowage/testing';
import { completeUploads, createUploads, putParts, sha256, type CreatedUpload } from '../test/protocol';
import { displayArtifactPath } from '@stowage/domain';

/** A small limit, so "too large" costs nothing to declare. */
const MAX_ARTIFACT_BYTES = 1024 * 1024;
const MINUTE = 60_000;

/** A real 1×1 PNG (signature, IHDR, IDAT, IEND with CRCs), so content sniffing has something true to find. */
function onePixelPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])));
    return Buffer.concat([length, Buffer.from(type, 'ascii'), data, crc]);
  };
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.from([0, 255, 0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe.each(['filesystem', 's3'] as const)('uploads with the %s driver', (storage) => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ storage, extraEnv: { MAX_ARTIFACT_BYTES: String(MAX_ARTIFACT_BYTES) } });
  });
  afterAll(async () => {
    await api?.stop();
  });

  const project = () => api.world.slugs.private;
  const uploader = () => api.world.tokens.privateUpload;
  const reader = () => api.world.tokens.member;
  const v11 = async (jobNumber: number, harness = api) => {
    const response = await call(harness.baseUrl, 'GET', `/api/v1.1/project/${harness.world.slugs.private}/${jobNumber}/artifacts`, { token: harness.world.tokens.member });
    expect(response.status).toBe(200);
    return response.body as Array<{ path: string; node_index: number; url: string }>;
  };
  const v2 = async (jobNumber: number) => {
    const response = await call(api.baseUrl, 'GET', `/api/v2/project/${project()}/${jobNumber}/artifacts`, { token: reader() });
    expect(response.status).toBe(200);
    return response.body as { items: Array<{ path: string }>; next_page_token: string | null };
  };
  /** Stowage's own listing: every state, with details. */
  const details = async (jobNumber: number) => {
    const response = await call(api.baseUrl, 'GET', `/api/stowage/v1/projects/${project()}/jobs/${jobNumber}/artifacts`, { token: reader() });
    expect(response.status).toBe(200);
    return response.body.items as Array<{ id: string; path: string; state: string; size: number; sha256: string; contentType: string | null; fileMode: number; failureReason: string | null; url: string }>;
  };
  /** The bytes behind an artifact URL (S3 answers with a redirect, which fetch follows). */
  const download = async (url: string, token = reader()) => {
    const response = await fetch(url, { headers: { 'circle-token': token } });
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
  };

  test('the full protocol makes AVAILABLE artifacts with the declared size, sha256 and file mode and a detected content type', async () => {
    const jobNumber = nextJobNumber();
    const html = Buffer.from('<!doctype html><title>Report</title><p>All green</p>\n');
    const png = onePixelPng();
    const script = Buffer.from('#!/bin/sh\necho hello\n');
    await uploadFiles({
      baseUrl: api.baseUrl,
      token: uploader(),
      project: project(),
      jobNumber,
      files: [
        { path: 'reports/index.html', content: html, fileMode: 0o644 },
        // No extension: image/png can only come from the bytes.
        { path: 'screenshots/login-page', content: png, fileMode: 0o600 },
        { path: 'bin/run', content: script, fileMode: 0o755 },
      ],
    });
    await api.drain();

    const byPath = Object.fromEntries((await details(jobNumber)).map((artifact) => [artifact.path, artifact]));
    expect(byPath['reports/index.html']).toMatchObject({ state: 'available', size: html.length, sha256: sha256(html), fileMode: 0o644, contentType: expect.stringMatching(/^text\/html/) });
    expect(byPath['screenshots/login-page']).toMatchObject({ state: 'available', size: png.length, sha256: sha256(png), fileMode: 0o600, contentType: 'image/png' });
    expect(byPath['bin/run']).toMatchObject({ state: 'available', size: script.length, sha256: sha256(script), fileMode: 0o755 });
    for (const [name, bytes] of [['reports/index.html', html], ['screenshots/login-page', png], ['bin/run', script]] as const) {
      expect(await download(byPath[name].url)).toEqual({ status: 200, bytes });
    }
  });

  test('pending artifacts are invisible to v1.1, v2 and downloads until finalization makes them available', async () => {
    const jobNumber = nextJobNumber();
    await api.stopRunner();
    try {
      const { completions } = await uploadFiles({ baseUrl: api.baseUrl, token: uploader(), project: project(), jobNumber, files: [{ path: 'pending.txt', content: 'not yet' }], complete: false });
      const [pending] = await details(jobNumber);
      expect(pending).toMatchObject({ path: 'pending.txt', state: 'pending' });
      expect(await v11(jobNumber)).toEqual([]);
      expect(await v2(jobNumber)).toEqual({ items: [], next_page_token: null });
      expect((await download(pending.url)).status).toBe(404);

      // Completed but not yet finalized (no worker running): still invisible.
      const completed = await completeUploads(api.baseUrl, uploader(), completions);
      expect(completed.body).toEqual({ uploads: [{ artifactId: pending.id, state: 'pending' }] });
      expect(await v11(jobNumber)).toEqual([]);
      expect(await v2(jobNumber)).toEqual({ items: [], next_page_token: null });
      expect((await download(pending.url)).status).toBe(404);
    } finally {
      await api.startRunner();
    }
    await api.drain();
    expect((await v11(jobNumber)).map((artifact) => artifact.path)).toEqual(['pending.txt']);
    expect((await v2(jobNumber)).items.map((artifact) => artifact.path)).toEqual(['pending.txt']);
  });

  test('a declared size above MAX_ARTIFACT_BYTES is refused with 413 stating the limit; exactly the limit is accepted', async () => {
    const tooLarge = await createUploads(api.baseUrl, uploader(), {
      project: project(),
      jobNumber: nextJobNumber(),
      files: [{ path: 'huge.bin', size: MAX_ARTIFACT_BYTES + 1, sha256: sha256('x') }],
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ statusCode: 413, error: 'payload_too_large' });
    expect(tooLarge.body.message).toContain('"huge.bin"');
    expect(tooLarge.body.message).toContain('the limit is 1 MiB (1048576 bytes)');

    const atLimit = await createUploads(api.baseUrl, uploader(), {
      project: project(),
      jobNumber: nextJobNumber(),
      files: [{ path: 'just-fits.bin', size: MAX_ARTIFACT_BYTES, sha256: sha256('x') }],
    });
    expect(atLimit.status).toBe(201);
  });

  if (storage === 'filesystem') {
    test('filesystem: a part body longer than the signed length is refused (413 or the connection is cut) and the artifact never becomes available', async () => {
      const jobNumber = nextJobNumber();
      const declared = Buffer.from('0123456789');
      const created = await createUploads(api.baseUrl, uploader(), { project: project(), jobNumber, files: [{ path: 'overflow.bin', size: declared.length, sha256: sha256(declared) }] });
      expect(created.status).toBe(201);
      const [part] = (created.body.uploads[0] as CreatedUpload).parts;
      expect(part.length).toBe(10);

      // A Content-Length above the part's length is refused before any byte is read.
      const declaredTooLong = await fetch(part.url, { method: 'PUT', headers: part.headers, body: new Uint8Array(20) });
      expect(declaredTooLong.status).toBe(413);
      expect(await declaredTooLong.json()).toMatchObject({ statusCode: 413, error: 'payload_too_large' });

      // Without a Content-Length (chunked), the excess is caught while the bytes stream.
      const chunks = [Buffer.from('0123456789'), Buffer.from('0123456789')];
      const streamed = await fetch(part.url, {
        method: 'PUT',
        headers: part.headers,
        body: new ReadableStream({ pull: (controller) => (chunks.length ? controller.enqueue(new Uint8Array(chunks.shift()!)) : controller.close()) }),
        duplex: 'half',
      } as RequestInit).then(
        async (response) => ({ status: response.status, body: await response.json().catch(() => null) }),
        (error: Error) => ({ status: 0, body: error.message }),
      );
      if (streamed.status !== 0) expect(streamed).toMatchObject({ status: 413, body: { statusCode: 413, error: 'payload_too_large' } });

      // Nothing acceptable was written, so the upload cannot be completed and never shows up.
      const completion = await completeUploads(api.baseUrl, uploader(), [{ artifactId: created.body.uploads[0].artifactId, parts: [{ partNumber: 1, etag: sha256(Buffer.concat([declared, declared])) }] }]);
      expect(completion.status).toBe(400);
      await api.drain();
      expect(await v11(jobNumber)).toEqual([]);
      expect((await details(jobNumber)).map((artifact) => artifact.state)).toEqual(['pending']);
    });
  }

  if (storage === 'filesystem') {
    test('filesystem: a part sent again after completion is refused with 409 and the stored bytes stay as they were', async () => {
      const jobNumber = nextJobNumber();
      const content = Buffer.from('complete already\n');
      const created = await createUploads(api.baseUrl, uploader(), { project: project(), jobNumber, files: [{ path: 'done.txt', size: content.length, sha256: sha256(content) }] });
      const upload = created.body.uploads[0] as CreatedUpload;
      const parts = await putParts(upload, content);
      expect((await completeUploads(api.baseUrl, uploader(), [{ artifactId: upload.artifactId, parts }])).status).toBe(200);

      const again = await fetch(upload.parts[0].url, { method: 'PUT', headers: upload.parts[0].headers, body: new Uint8Array(Buffer.from('overwritten!!!!!!')) });
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ statusCode: 409, message: expect.stringContaining('already complete') });
      await api.drain();
      expect(await download((await v11(jobNumber))[0].url)).toEqual({ status: 200, bytes: content });
    });
  }

  test.each([
    ['a ".." segment', '../x'],
    ['an absolute path', '/abs'],
    ['an empty segment', 'a//b'],
    ['a "." segment', 'a/./b'],
    ['a NUL character', 'a\u0000b'],
    ['a ".." segment beside a tab and a newline (named escaped)', 'tab\there/../new\nline'],
    ['1025 bytes', 'a'.repeat(1025)],
  ])('a path with %s is refused with 400 naming the path', async (_what, badPath) => {
    const response = await createUploads(api.baseUrl, uploader(), {
      project: project(),
      jobNumber: nextJobNumber(),
      files: [{ path: 'fine.txt', size: 1, sha256: sha256('x') }, { path: badPath, size: 1, sha256: sha256('x') }],
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'invalid_input', details: [expect.objectContaining({ path: 'files.1.path' })] });
    expect(response.body.message).toContain(`"${displayArtifactPath(badPath)}"`);
  });

  test('a path of exactly 1024 bytes is accepted', async () => {
    const response = await createUploads(api.baseUrl, uploader(), { project: project(), jobNumber: nextJobNumber(), files: [{ path: 'é'.repeat(512), size: 1, sha256: sha256('x') }] });
    expect(response.status).toBe(201);
  });

  if (storage === 'filesystem') {
    test('filesystem: an upload never completed never becomes an artifact, and the sweep after ABANDONED_UPLOAD_HOURS removes its row and its temporary file', async () => {
      const jobNumber = nextJobNumber();
      const bytes = Buffer.from('half-way there');
      const created = await createUploads(api.baseUrl, uploader(), { project: project(), jobNumber, files: [{ path: 'abandoned.log', size: bytes.length, sha256: sha256(bytes) }] });
      expect(created.status).toBe(201);
      await putParts(created.body.uploads[0], bytes);
      const artifactId: string = created.body.uploads[0].artifactId;
      const row = await api.platform.db.artifact.findUniqueOrThrow({ where: { id: artifactId } });
      const uploadsDir = path.join(api.env.DATA_DIR, 'uploads');
      const uploadFilesOf = () => fs.readdirSync(uploadsDir).filter((name) => name.startsWith(row.uploadId!));
      expect(uploadFilesOf()).toContain(row.uploadId);
      // Each upload in progress is a directory of its own; its bytes are in `data`.
      expect(fs.statSync(path.join(uploadsDir, row.uploadId!, 'data')).size).toBe(bytes.length);

      // Not old enough yet: the sweep leaves it alone.
      await api.platform.backgroundTasks.sweepAbandonedUploads();
      expect(await api.platform.db.artifact.findUnique({ where: { id: artifactId } })).not.toBeNull();

      api.clock.advance((api.platform.config.env.ABANDONED_UPLOAD_HOURS + 1) * 60 * MINUTE);
      await api.platform.backgroundTasks.sweepAbandonedUploads();
      expect(await api.platform.db.artifact.findUnique({ where: { id: artifactId } })).toBeNull();
      expect(uploadFilesOf()).toEqual([]);
      expect(await api.platform.context.storage.stat(row.storageKey)).toBeNull();
      expect(await v11(jobNumber)).toEqual([]);
    });
  } else {
    test('s3: an upload never completed never becomes an artifact; the sweep needs AbortMultipartUpload/ListMultipartUploads, which s3rver lacks, and fails without deleting the row', async () => {
      const jobNumber = nextJobNumber();
      const bytes = Buffer.from('half-way there');
      const created = await createUploads(api.baseUrl, uploader(), { project: project(), jobNumber, files: [{ path: 'abandoned.log', size: bytes.length, sha256: sha256(bytes) }] });
      expect(created.status).toBe(201);
      await putParts(created.body.uploads[0], bytes);
      const artifactId: string = created.body.uploads[0].artifactId;
      const row = await api.platform.db.artifact.findUniqueOrThrow({ where: { id: artifactId } });

      api.clock.advance((api.platform.config.env.ABANDONED_UPLOAD_HOURS + 1) * 60 * MINUTE);
      await expect(api.platform.backgroundTasks.sweepAbandonedUploads()).rejects.toThrow(/\d+ abandoned upload\(s\) could not be aborted and are kept for the next sweep: .*not allowed/);
      expect(await api.platform.db.artifact.findUnique({ where: { id: artifactId } })).toMatchObject({ state: 'PENDING', completedAt: null });
      expect(await api.platform.context.storage.stat(row.storageKey)).toBeNull();
      expect(await v11(jobNumber)).toEqual([]);
      expect(await v2(jobNumber)).toEqual({ items: [], next_page_token: null });
    });
  }

  test('uploading the same path again replaces it: the old bytes are served until the new artifact is available, then only the new ones', async () => {
    const jobNumber = nextJobNumber();
    const first = Buffer.from('version one\n');
    const second = Buffer.from('version two, longer\n');
    await uploadFiles({ baseUrl: api.baseUrl, token: uploader(), project: project(), jobNumber, files: [{ path: 'same.txt', content: first }] });
    await api.drain();
    const [original] = await details(jobNumber);
    const originalKey = (await api.platform.db.artifact.findUniqueOrThrow({ where: { id: original.id } })).storageKey;
    expect(await api.platform.context.storage.stat(originalKey)).toEqual(expect.objectContaining({ size: first.length }));

    await api.stopRunner();
    try {
      await uploadFiles({ baseUrl: api.baseUrl, token: uploader(), project: project(), jobNumber, files: [{ path: 'same.txt', content: second }] });
      const listed = await v11(jobNumber);
      expect(listed.map((artifact) => artifact.path)).toEqual(['same.txt']);
      expect(await download(listed[0].url)).toEqual({ status: 200, bytes: first });
    } finally {
      await api.startRunner();
    }
    await api.drain();

    const listed = await v11(jobNumber);
    expect(listed.map((artifact) => artifact.path)).toEqual(['same.txt']);
    expect(await download(listed[0].url)).toEqual({ status: 200, bytes: second });
    expect((await details(jobNumber)).map((artifact) => [artifact.state, artifact.sha256])).toEqual([['available', sha256(second)]]);
    // The replaced artifact's row and bytes are gone.
    expect(await api.platform.db.artifact.findUnique({ where: { id: original.id } })).toBeNull();
    expect(await api.platform.context.storage.stat(originalKey)).toBeNull();
  });

  test('a replacement whose declared sha256 is wrong ends FAILED with a reason naming sha256, and the old artifact is still served', async () => {
    const jobNumber = nextJobNumber();
    const good = Buffer.from('the good build log\n');
    await uploadFiles({ baseUrl: api.baseUrl, token: uploader(), project: project(), jobNumber, files: [{ path: 'build.log', content: good }] });
    await api.drain();

    const sent = Buffer.from('the corrupted log!\n');
    const created = await createUploads(api.baseUrl, uploader(), { project: project(), jobNumber, files: [{ path: 'build.log', size: sent.length, sha256: sha256('something else entirely') }] });
    expect(created.status).toBe(201);
    const parts = await putParts(created.body.uploads[0], sent);
    expect((await completeUploads(api.baseUrl, uploader(), [{ artifactId: created.body.uploads[0].artifactId, parts }])).status).toBe(200);
    await api.drain();

    const rows = await details(jobNumber);
    expect(rows).toHaveLength(2);
    expect(rows.find((artifact) => artifact.id === created.body.uploads[0].artifactId)).toMatchObject({ state: 'failed', failureReason: expect.stringContaining('sha256') });
    expect(rows.find((artifact) => artifact.id !== created.body.uploads[0].artifactId)).toMatchObject({ state: 'available', sha256: sha256(good) });
    const listed = await v11(jobNumber);
    expect(listed.map((artifact) => artifact.path)).toEqual(['build.log']);
    expect(await download(listed[0].url)).toEqual({ status: 200, bytes: good });
  });

  describe('an agent that hashes while sending declares the sha256 at completion', () => {
    /** Creates an upload of `content` without a sha256 and sends its parts; completion is the test's. */
    const createdWithoutSha = async (jobNumber: number, content: Buffer, sha?: string) => {
      const created = await createUploads(api.baseUrl, uploader(), { project: project(), jobNumber, files: [{ path: 'hashed-late.bin', size: content.length, sha256: sha }] });
      expect(created.status).toBe(201);
      const upload = created.body.uploads[0] as CreatedUpload;
      return { artifactId: upload.artifactId, parts: await putParts(upload, content) };
    };

    test('the upload becomes available with the sha256 given at completion', async () => {
      const jobNumber = nextJobNumber();
      const content = Buffer.from('hashed while it was sent\n');
      const { artifactId, parts } = await createdWithoutSha(jobNumber, content);
      const completed = await completeUploads(api.baseUrl, uploader(), [{ artifactId, parts, sha256: sha256(content) }]);
      expect(completed.body).toEqual({ uploads: [{ artifactId, state: 'pending' }] });
      await api.drain();
      expect(await details(jobNumber)).toEqual([expect.objectContaining({ id: artifactId, state: 'available', sha256: sha256(content) })]);
      expect(await download((await v11(jobNumber))[0].url)).toEqual({ status: 200, bytes: content });
    });

    test('a sha256 at completion that does not match the bytes fails the artifact with a reason naming sha256', async () => {
      const jobNumber = nextJobNumber();
      const { artifactId, parts } = await createdWithoutSha(jobNumber, Buffer.from('the bytes sent\n'));
      expect((await completeUploads(api.baseUrl, uploader(), [{ artifactId, parts, sha256: sha256('other bytes') }])).status).toBe(200);
      await api.drain();
      expect(await details(jobNumber)).toEqual([expect.objectContaining({ id: artifactId, state: 'failed', failureReason: expect.stringContaining('sha256') })]);
      expect(await v11(jobNumber)).toEqual([]);
    });

    test('completing without a sha256 declared at either step is a 400 that loses nothing: completing again with one works', async () => {
      const jobNumber = nextJobNumber();
      const content = Buffer.from('declared late, but declared\n');
      const { artifactId, parts } = await createdWithoutSha(jobNumber, content);
      const refused = await completeUploads(api.baseUrl, uploader(), [{ artifactId, parts }]);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: 'invalid_input', message: expect.stringContaining('without a sha256') });
      expect(await details(jobNumber)).toEqual([expect.objectContaining({ id: artifactId, state: 'pending', sha256: null })]);

      expect((await completeUploads(api.baseUrl, uploader(), [{ artifactId, parts, sha256: sha256(content) }])).status).toBe(200);
      await api.drain();
      expect(await details(jobNumber)).toEqual([expect.objectContaining({ id: artifactId, state: 'available', sha256: sha256(content) })]);
    });

    test('a sha256 declared at both steps must be the same: a different one at completion is a 400', async () => {
      const jobNumber = nextJobNumber();
      const content = Buffer.from('declared twice\n');
      const { artifactId, parts } = await createdWithoutSha(jobNumber, content, sha256(content));
      const refused = await completeUploads(api.baseUrl, uploader(), [{ artifactId, parts, sha256: sha256('something else') }]);
      expect(refused.status).toBe(400);
      expect(refused.body.message).toContain(`was created with sha256 ${sha256(content)}`);
      expect((await completeUploads(api.baseUrl, uploader(), [{ artifactId, parts, sha256: sha256(content) }])).status).toBe(200);
      await api.drain();
      expect(await details(jobNumber)).toEqual([expect.objectContaining({ id: artifactId, state: 'available' })]);
    });
  });

  test('completing an upload twice is harmless: the second call reports the state and one artifact results', async () => {
    const jobNumber = nextJobNumber();
    const { completions, artifactIds } = await uploadFiles({ baseUrl: api.baseUrl, token: uploader(), project: project(), jobNumber, files: [{ path: 'twice.txt', content: 'once is enough' }], complete: false });
    const firstCall = await completeUploads(api.baseUrl, uploader(), completions);
    const secondCall = await completeUploads(api.baseUrl, uploader(), completions);
    expect(firstCall.status).toBe(200);
    expect(secondCall.status).toBe(200);
    expect(secondCall.body.uploads).toEqual([{ artifactId: artifactIds[0], state: expect.stringMatching(/^(pending|available)$/) }]);
    await api.drain();
    const thirdCall = await completeUploads(api.baseUrl, uploader(), completions);
    expect(thirdCall.body).toEqual({ uploads: [{ artifactId: artifactIds[0], state: 'available' }] });
    expect((await details(jobNumber)).map((artifact) => [artifact.path, artifact.state])).toEqual([['twice.txt', 'available']]);
    const listed = await v11(jobNumber);
    expect(listed).toHaveLength(1);
    expect(await download(listed[0].url)).toEqual({ status: 200, bytes: Buffer.from('once is enough') });
  });

  test('the job is created on its first upload with the name, branch and revision given, and later uploads do not overwrite them', async () => {
    const jobNumber = nextJobNumber();
    const jobPath = `/api/stowage/v1/projects/${project()}/jobs/${jobNumber}`;
    expect((await call(api.baseUrl, 'GET', jobPath, { token: reader() })).status).toBe(404);
    await uploadFiles({ baseUrl: api.baseUrl, token: uploader(), project: project(), jobNumber, job: { name: 'build-and-test', branch: 'feature/uploads', revision: '9f2c1e7' }, files: [{ path: 'a.txt', content: 'a' }] });
    await uploadFiles({ baseUrl: api.baseUrl, token: uploader(), project: project(), jobNumber, nodeIndex: 1, job: { name: 'other', branch: 'main', revision: 'ffffff' }, files: [{ path: 'b.txt', content: 'b' }] });
    const job = await call(api.baseUrl, 'GET', jobPath, { token: reader() });
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ number: jobNumber, name: 'build-and-test', branch: 'feature/uploads', revision: '9f2c1e7' });
  });

  test('a completed upload whose finalization task was lost is never forgotten: the requeue sweep finalizes it', async () => {
    const jobNumber = nextJobNumber();
    await api.stopRunner();
    let artifactId: string;
    try {
      ({ artifactIds: [artifactId] } = await uploadFiles({ baseUrl: api.baseUrl, token: uploader(), project: project(), jobNumber, files: [{ path: 'lost.txt', content: 'lost and found' }] }));
      const task = await api.platform.context.tasks.queue(QueueName.Uploads).getJob(`finalize-${artifactId}`);
      expect(task).toBeDefined();
      await task!.remove();
      expect(await api.platform.context.tasks.queue(QueueName.Uploads).getJob(`finalize-${artifactId}`)).toBeUndefined();
    } finally {
      await api.startRunner();
    }
    await api.drain();
    // Nothing left to run it: still pending, still invisible.
    expect(await api.platform.db.artifact.findUniqueOrThrow({ where: { id: artifactId } })).toMatchObject({ state: 'PENDING', completedAt: expect.any(Date) });
    expect(await v11(jobNumber)).toEqual([]);

    api.clock.advance(2 * MINUTE);
    expect(await api.platform.backgroundTasks.requeuePendingUploads()).toBeGreaterThanOrEqual(1);
    await api.drain();
    const listed = await v11(jobNumber);
    expect(listed.map((artifact) => artifact.path)).toEqual(['lost.txt']);
    expect(await download(listed[0].url)).toEqual({ status: 200, bytes: Buffer.from('lost and found') });
  });

  test('with Redis unreachable, completion still answers within seconds and is recorded; once the requeue sweep runs, the upload is finalized', async () => {
    // A second API on the same database and storage whose Redis is a closed port.
    const deadRedis = `redis://127.0.0.1:${await freePort()}`;
    const cutOff = await startApi({
      storage,
      runner: false,
      redisUnreachable: true,
      s3: api.s3,
      extraEnv: { REDIS_URL: deadRedis, DATA_DIR: api.env.DATA_DIR, MAX_ARTIFACT_BYTES: String(MAX_ARTIFACT_BYTES), LOG_LEVEL: 'error' },
    });
    const jobNumber = nextJobNumber();
    let artifactId: string;
    try {
      const uploading = uploadFiles({ baseUrl: cutOff.baseUrl, token: cutOff.world.tokens.privateUpload, project: cutOff.world.slugs.private, jobNumber, files: [{ path: 'offline.txt', content: 'written while Redis was down' }] });
      const started = Date.now();
      const outcome = await within(15_000, uploading);
      expect(outcome).not.toBe('no answer');
      expect(Date.now() - started).toBeLessThan(15_000);
      [artifactId] = (outcome as Awaited<typeof uploading>).artifactIds;
      expect(await api.platform.db.artifact.findUniqueOrThrow({ where: { id: artifactId } })).toMatchObject({ state: 'PENDING', completedAt: expect.any(Date) });
      expect(await v11(jobNumber, cutOff)).toEqual([]);
    } finally {
      await cutOff.stop();
    }

    // The worker (on a Redis that answers) re-enqueues completed pending uploads.
    api.clock.advance(2 * MINUTE);
    expect(await api.platform.backgroundTasks.requeuePendingUploads()).toBeGreaterThanOrEqual(1);
    await api.drain();
    expect(await api.platform.db.artifact.findUniqueOrThrow({ where: { id: artifactId } })).toMatchObject({ state: 'AVAILABLE' });
    const listed = await call(api.baseUrl, 'GET', `/api/v1.1/project/${cutOff.world.slugs.private}/${jobNumber}/artifacts`, { token: cutOff.world.tokens.member });
    expect(listed.body.map((artifact: { path: string }) => artifact.path)).toEqual(['offline.txt']);
    expect(await download(listed.body[0].url, cutOff.world.tokens.member)).toEqual({ status: 200, bytes: Buffer.from('written while Redis was down') });
  });
});
