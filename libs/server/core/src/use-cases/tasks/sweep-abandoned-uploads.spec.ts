import { uploadWorld } from '../uploads/upload-world.spec-helper';
import { sweepAbandonedUploads } from './sweep-abandoned-uploads';

const HOUR = 3600_000;

describe('sweepAbandonedUploads', () => {
  async function world(mode: 'streamed' | 'direct' = 'streamed') {
    const w = await uploadWorld({ mode, now: () => w.clock.now() });
    return w;
  }

  it('aborts uploads never completed after ABANDONED_UPLOAD_HOURS and removes their rows, leaving younger and completed ones', async () => {
    const w = await world();
    const upload = await w.storage.createMultipartUpload('artifacts/x/old', 10);
    const old = await w.seed.artifact({ jobId: w.job.id, path: 'old.txt', state: 'PENDING', storageKey: 'artifacts/x/old', uploadId: upload.uploadId, createdAt: w.clock.now() });
    w.clock.advance(23 * HOUR);
    const young = await w.seed.artifact({ jobId: w.job.id, path: 'young.txt', state: 'PENDING', uploadId: 'young', createdAt: w.clock.now() });
    const completed = await w.seed.artifact({ jobId: w.job.id, path: 'done.txt', state: 'PENDING', createdAt: new Date(0), completedAt: new Date(0) });
    w.clock.advance(2 * HOUR);

    expect(await sweepAbandonedUploads(w.ctx)).toBe(1);
    expect(w.storage.callsTo('abortMultipartUpload')).toEqual([['artifacts/x/old', upload.uploadId]]);
    expect(w.tables.artifacts.map((a) => a.id).sort()).toEqual([young.id, completed.id].sort());
    expect(w.tables.artifacts.some((a) => a.id === old.id)).toBe(false);
  });

  it('keeps the rows of uploads the store would not abort, for the next sweep, and says how many', async () => {
    const w = await world();
    const kept = await w.seed.artifact({ jobId: w.job.id, path: 'kept.txt', state: 'PENDING', uploadId: 'u-kept', createdAt: new Date(0) });
    const gone = await w.seed.artifact({ jobId: w.job.id, path: 'gone.txt', state: 'PENDING', uploadId: 'u-gone', createdAt: new Date(0) });
    const abort = w.storage.abortMultipartUpload.bind(w.storage);
    w.storage.abortMultipartUpload = async (key, uploadId) => {
      if (uploadId === 'u-kept') throw new Error('not allowed');
      return abort(key, uploadId);
    };
    await expect(sweepAbandonedUploads(w.ctx)).rejects.toThrow('1 abandoned upload(s) could not be aborted and are kept for the next sweep: not allowed');
    expect(w.tables.artifacts.map((a) => a.id)).toEqual([kept.id]);
    expect(w.tables.artifacts.some((a) => a.id === gone.id)).toBe(false);
  });

  it('aborts uploads the store knows but no row does, and leaves those a row knows', async () => {
    const w = await world('direct');
    const orphan = await w.storage.createMultipartUpload('artifacts/x/orphan', 10);
    const known = await w.storage.createMultipartUpload('artifacts/x/known', 10);
    w.clock.advance(25 * HOUR);
    // Known to a row too young to sweep (its store upload is older: a clock skew between them).
    await w.seed.artifact({ jobId: w.job.id, path: 'known.txt', state: 'PENDING', storageKey: 'artifacts/x/known', uploadId: known.uploadId, createdAt: w.clock.now() });
    expect(await sweepAbandonedUploads(w.ctx)).toBe(1);
    expect(w.storage.callsTo('abortMultipartUpload')).toEqual([['artifacts/x/orphan', orphan.uploadId]]);
  });

  it('aborts listed uploads without a key (the filesystem keeps none)', async () => {
    const w = await world('streamed');
    const leftover = await w.storage.createMultipartUpload('artifacts/x/leftover', 10);
    w.clock.advance(25 * HOUR);
    expect(await sweepAbandonedUploads(w.ctx)).toBe(1);
    expect(w.storage.callsTo('abortMultipartUpload')).toEqual([[null, leftover.uploadId]]);
  });

  it('deletes the objects and rows of batch files never completed (a refused or interrupted stream), with nothing to abort', async () => {
    const w = await world();
    const batch = w.storage.openBatch();
    await batch.write('artifacts/x/batch-file', Buffer.from('written, never completed'));
    await batch.flush();
    const left = await w.seed.artifact({ jobId: w.job.id, path: 'left.txt', state: 'PENDING', storageKey: 'artifacts/x/batch-file', uploadId: null, createdAt: w.clock.now() });
    w.clock.advance(25 * HOUR);
    expect(await sweepAbandonedUploads(w.ctx)).toBe(1);
    expect(w.storage.callsTo('abortMultipartUpload')).toEqual([]);
    expect(w.storage.objects.has('artifacts/x/batch-file')).toBe(false);
    expect(w.tables.artifacts.some((a) => a.id === left.id)).toBe(false);
  });
});
