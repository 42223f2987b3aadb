import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { CompleteUploadsRequest } from '@stowage/contracts';
import { StorageError, uploadLayoutOf } from '@stowage/domain';
import type { InMemoryStorageOptions } from '@stowage/server-storage/fakes';
import { completeUploads } from './complete-uploads';
import { createUploads } from './create-uploads';
import { DAY_MS, MiB, NOW, PROJECT_REF, SHA, uploadWorld, domainErrorOf } from './upload-world.spec-helper';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A world where `files` were created and every part sent to the store; `etags[artifactId]` are the parts' ETags. */
async function created(storage: InMemoryStorageOptions = {}, files: Array<{ path: string; content?: Buffer; sha256?: string | null }> = [{ path: 'a.txt' }]) {
  const world = await uploadWorld(storage);
  const contents = files.map((f) => f.content ?? Buffer.from(`bytes of ${f.path}`));
  const response = await createUploads(world.ctx, world.uploader, {
    project: PROJECT_REF,
    jobNumber: 42,
    nodeIndex: 0,
    files: files.map((f, i) => ({ path: f.path, size: contents[i]!.length, fileMode: 0o644, ...(f.sha256 === null ? {} : { sha256: f.sha256 ?? SHA }) })),
  });
  const etags: Record<string, Array<{ partNumber: number; etag: string }>> = {};
  for (const [i, upload] of response.uploads.entries()) {
    const row = world.tables.artifacts.find((a) => a.id === upload.artifactId)!;
    const layout = uploadLayoutOf(row.uploadId!, row.size, row.partSize);
    etags[upload.artifactId] = [];
    for (const part of upload.parts) {
      const bytes = contents[i]!.subarray(part.offset, part.offset + part.length);
      const written = await world.storage.receivePart(row.storageKey, layout, part.partNumber, part.length, Readable.from([bytes]));
      etags[upload.artifactId]!.push({ partNumber: part.partNumber, etag: written.etag });
    }
  }
  world.storage.calls.length = 0;
  const row = (id: string) => world.tables.artifacts.find((a) => a.id === id)!;
  const completion = (artifactId: string, extra: Partial<CompleteUploadsRequest['uploads'][number]> = {}): CompleteUploadsRequest => ({
    uploads: [{ artifactId, parts: etags[artifactId]!, ...extra }],
  });
  return { ...world, response, contents, etags, row, completion, ids: response.uploads.map((u) => u.artifactId) };
}

describe('completeUploads', () => {
  it('completes the multipart upload, records completion with the in-flight SHA-256, and enqueues finalization under an idempotent task id', async () => {
    const world = await created();
    const [artifactId] = world.ids as [string];
    const { storageKey, uploadId, size, partSize } = world.row(artifactId);
    world.clock.advance(60_000);
    const later = world.clock.now();

    const result = await completeUploads(world.ctx, world.uploader, world.completion(artifactId));

    expect(result).toEqual({ uploads: [{ artifactId, state: 'pending' }] });
    expect(world.storage.callsTo('completeMultipartUpload')).toEqual([[storageKey, { uploadId, size, partSize, partCount: 1 }, world.etags[artifactId]]]);
    expect(world.row(artifactId)).toMatchObject({
      completedAt: later,
      uploadId: null,
      sha256: SHA,
      computedSha256: sha256(world.contents[0]!),
      expiresAt: new Date(later.getTime() + 30 * DAY_MS),
    });
    expect(world.tasks.enqueued).toEqual([{ name: 'finalize-uploads', payload: { artifactIds: [artifactId] }, taskId: `finalize-${artifactId}` }]);
  });

  it('completes nothing for a caller the policy refuses: a read-only token (forbidden) or a stranger (not found)', async () => {
    const world = await created();
    const [artifactId] = world.ids as [string];
    expect((await domainErrorOf(completeUploads(world.ctx, world.readOnly, world.completion(artifactId)))).kind).toBe('forbidden');
    expect((await domainErrorOf(completeUploads(world.ctx, world.outsider, world.completion(artifactId)))).kind).toBe('not_found');
    expect(world.storage.callsTo('completeMultipartUpload')).toEqual([]);
    expect(world.row(artifactId).completedAt).toBeNull();
  });

  it('checks access once per job, however many of its uploads a batch completes', async () => {
    const world = await created({}, [{ path: 'a.txt' }, { path: 'b.txt' }]);
    const lookups = jest.spyOn(world.ctx.access, 'findJobById');
    await completeUploads(world.ctx, world.uploader, { uploads: world.ids.map((artifactId) => ({ artifactId, parts: world.etags[artifactId]! })) });
    expect(lookups.mock.calls).toEqual([[world.job.id, null]]);
  });

  describe('a sha256 declared at completion', () => {
    const OTHER = 'd'.repeat(64);

    it('is recorded for an upload created without one', async () => {
      const world = await created({}, [{ path: 'late.txt', sha256: null }]);
      const [artifactId] = world.ids as [string];
      await completeUploads(world.ctx, world.uploader, world.completion(artifactId, { sha256: OTHER }));
      expect(world.row(artifactId).sha256).toBe(OTHER);
    });

    it('is required when creation declared none: invalid_input, and the upload stays open', async () => {
      const world = await created({}, [{ path: 'late.txt', sha256: null }]);
      const [artifactId] = world.ids as [string];
      const error = await domainErrorOf(completeUploads(world.ctx, world.uploader, world.completion(artifactId)));
      expect(error).toMatchObject({ kind: 'invalid_input', message: expect.stringContaining('created without a sha256') });
      expect(world.storage.callsTo('completeMultipartUpload')).toEqual([]);
      expect(world.row(artifactId).completedAt).toBeNull();
      expect(world.tasks.enqueued).toEqual([]);
    });

    it('must agree with the one declared at creation', async () => {
      const world = await created();
      const [artifactId] = world.ids as [string];
      const error = await domainErrorOf(completeUploads(world.ctx, world.uploader, world.completion(artifactId, { sha256: OTHER })));
      expect(error).toMatchObject({ kind: 'invalid_input', message: expect.stringContaining(`created with sha256 ${SHA} and completed with ${OTHER}`) });
      expect(world.storage.callsTo('completeMultipartUpload')).toEqual([]);
      expect(world.row(artifactId).completedAt).toBeNull();
      await completeUploads(world.ctx, world.uploader, world.completion(artifactId, { sha256: SHA }));
      expect(world.row(artifactId).sha256).toBe(SHA);
    });
  });

  it('accepts a streamed part\'s ETag in quotes, as HTTP clients echo it, and records the part\'s SHA-256', async () => {
    const world = await created();
    const [artifactId] = world.ids as [string];
    const [part] = world.etags[artifactId]!;
    await completeUploads(world.ctx, world.uploader, { uploads: [{ artifactId, parts: [{ partNumber: 1, etag: `"${part!.etag}"` }] }] });
    expect(world.row(artifactId).computedSha256).toBe(sha256(world.contents[0]!));
  });

  it('completes every upload of a batch and answers in the order of the request, with one finalization task', async () => {
    const world = await created({}, [{ path: 'a.txt' }, { path: 'b.txt' }, { path: 'c.txt' }]);
    const ids = [...world.ids].reverse();
    const result = await completeUploads(world.ctx, world.uploader, { uploads: ids.map((artifactId) => ({ artifactId, parts: world.etags[artifactId]! })) });
    expect(result.uploads.map((upload) => upload.artifactId)).toEqual(ids);
    expect(world.storage.callsTo('completeMultipartUpload')).toHaveLength(3);
    expect(world.tasks.enqueued).toHaveLength(1);
    const [task] = world.tasks.enqueued as Array<{ name: string; payload: { artifactIds: string[] }; taskId: string }>;
    expect(task!.name).toBe('finalize-uploads');
    expect([...task!.payload.artifactIds].sort()).toEqual([...ids].sort());
    expect(task!.taskId).toBe(`finalize-${task!.payload.artifactIds[0]}`);
  });

  it('records the uploads a batch did complete even when another upload in it cannot be completed', async () => {
    const world = await created({}, [{ path: 'a.txt' }, { path: 'b.txt' }]);
    const [a, b] = world.ids as [string, string];
    const request: CompleteUploadsRequest = {
      uploads: [
        { artifactId: a, parts: world.etags[a]! },
        { artifactId: b, parts: [{ partNumber: 1, etag: 'not-the-etag' }] },
      ],
    };
    expect((await domainErrorOf(completeUploads(world.ctx, world.uploader, request))).kind).toBe('invalid_input');
    // The object of `a` is now complete in storage: its row must say so, or a retry would try to
    // complete a multipart upload that no longer exists and `a` would stay pending for ever.
    expect(world.row(a)).toMatchObject({ completedAt: NOW, uploadId: null });
    expect(world.row(b)).toMatchObject({ completedAt: null, uploadId: expect.any(String) });
  });

  it('records no SHA-256 for parts sent straight to the store', async () => {
    const world = await created({ mode: 'direct', partSize: 64 * MiB });
    const [artifactId] = world.ids as [string];
    await completeUploads(world.ctx, world.uploader, world.completion(artifactId));
    expect(world.row(artifactId).computedSha256).toBeNull();
  });

  it('records no SHA-256 when the upload had several parts', async () => {
    const world = await created({ mode: 'direct', partSize: 4 }, [{ path: 'data.bin', content: Buffer.from('0123456789') }]);
    const [artifactId] = world.ids as [string];
    expect(world.etags[artifactId]).toHaveLength(3);
    await completeUploads(world.ctx, world.uploader, world.completion(artifactId));
    expect(world.row(artifactId)).toMatchObject({ computedSha256: null, completedAt: NOW });
  });

  it('still succeeds and marks completedAt when the queue is down, logging a warning for the requeue sweep', async () => {
    const world = await created();
    const [artifactId] = world.ids as [string];
    world.tasks.failWith = new Error('connect ECONNREFUSED 127.0.0.1:6379');
    await expect(completeUploads(world.ctx, world.uploader, world.completion(artifactId))).resolves.toEqual({ uploads: [{ artifactId, state: 'pending' }] });
    expect(world.row(artifactId).completedAt).toEqual(NOW);
    expect(world.tasks.enqueued).toEqual([]);
    expect(world.warnings).toEqual([{ object: { err: world.tasks.failWith, artifacts: 1 }, message: expect.stringContaining('requeue sweep') }]);
  });

  it('refuses completion with the wrong part numbers as invalid_input and leaves the upload open', async () => {
    const world = await created({ mode: 'direct', partSize: 4 }, [{ path: 'data.bin', content: Buffer.from('0123456789') }]);
    const [artifactId] = world.ids as [string]; // 10 bytes in parts of 4: three parts
    for (const parts of [
      [{ partNumber: 1, etag: 'x' }, { partNumber: 2, etag: 'y' }],
      [{ partNumber: 1, etag: 'x' }, { partNumber: 2, etag: 'y' }, { partNumber: 4, etag: 'z' }],
    ]) {
      const error = await domainErrorOf(completeUploads(world.ctx, world.uploader, { uploads: [{ artifactId, parts }] }));
      expect(error.kind).toBe('invalid_input');
      expect(error.message).toContain('3 part(s)');
    }
    expect(world.storage.callsTo('completeMultipartUpload')).toEqual([]);
    expect(world.row(artifactId).completedAt).toBeNull();
    expect(world.tasks.enqueued).toEqual([]);
  });

  it('reports the current state of an upload completed before, without completing it again', async () => {
    const world = await created();
    const [artifactId] = world.ids as [string];
    await completeUploads(world.ctx, world.uploader, world.completion(artifactId));
    world.storage.calls.length = 0;
    world.tasks.enqueued.length = 0;
    const first = { ...world.row(artifactId) };
    world.clock.advance(1000);

    await expect(completeUploads(world.ctx, world.uploader, world.completion(artifactId))).resolves.toEqual({ uploads: [{ artifactId, state: 'pending' }] });

    expect(world.storage.callsTo('completeMultipartUpload')).toEqual([]);
    expect(world.row(artifactId)).toEqual(first);
    expect(world.tasks.enqueued).toEqual([]);
  });

  it.each([
    ['AVAILABLE', 'available'],
    ['FAILED', 'failed'],
  ] as const)('reports a %s artifact as %s', async (state, reported) => {
    const world = await created();
    const [artifactId] = world.ids as [string];
    Object.assign(world.row(artifactId), { state, completedAt: NOW, uploadId: null });
    await expect(completeUploads(world.ctx, world.uploader, world.completion(artifactId))).resolves.toEqual({ uploads: [{ artifactId, state: reported }] });
  });

  it('answers an unknown or deleting upload as not_found, before completing any of the request', async () => {
    const world = await created({}, [{ path: 'a.txt' }, { path: 'b.txt' }]);
    const [a, b] = world.ids as [string, string];
    const unknown = '99999999-9999-4999-8999-999999999999';
    const both = (second: string): CompleteUploadsRequest => ({
      uploads: [
        { artifactId: a, parts: world.etags[a]! },
        { artifactId: second, parts: [{ partNumber: 1, etag: 'e' }] },
      ],
    });
    expect((await domainErrorOf(completeUploads(world.ctx, world.uploader, both(unknown)))).kind).toBe('not_found');
    world.row(b).state = 'DELETING';
    expect((await domainErrorOf(completeUploads(world.ctx, world.uploader, both(b)))).kind).toBe('not_found');
    expect(world.storage.callsTo('completeMultipartUpload')).toEqual([]);
  });

  it('turns a driver\'s part mismatch into invalid_input naming the upload', async () => {
    const world = await created();
    const [artifactId] = world.ids as [string];
    world.storage.completeMultipartUpload = async () => {
      throw new StorageError('PART_MISMATCH', 'part 1 has another ETag');
    };
    const error = await domainErrorOf(completeUploads(world.ctx, world.uploader, world.completion(artifactId)));
    expect(error.kind).toBe('invalid_input');
    expect(error.message).toBe(`upload ${artifactId} cannot be completed: part 1 has another ETag`);
    expect(world.row(artifactId).completedAt).toBeNull();
  });

  it('turns an upload the store no longer knows (S3\'s NoSuchUpload, mapped by its driver) into invalid_input', async () => {
    const world = await created({ mode: 'direct', partSize: 64 * MiB });
    const [artifactId] = world.ids as [string];
    world.storage.completeMultipartUpload = async () => {
      throw new StorageError('UNKNOWN_UPLOAD', 'The specified upload does not exist');
    };
    expect((await domainErrorOf(completeUploads(world.ctx, world.uploader, world.completion(artifactId)))).kind).toBe('invalid_input');
  });

  it('rethrows other storage failures unchanged and records nothing', async () => {
    const world = await created();
    const [artifactId] = world.ids as [string];
    const outage = new Error('EIO: i/o error');
    world.storage.completeMultipartUpload = async () => {
      throw outage;
    };
    await expect(completeUploads(world.ctx, world.uploader, world.completion(artifactId))).rejects.toBe(outage);
    expect(world.row(artifactId).completedAt).toBeNull();
    expect(world.tasks.enqueued).toEqual([]);
  });
});
