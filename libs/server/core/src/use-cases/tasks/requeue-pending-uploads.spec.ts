import { MAX_FILES_PER_UPLOAD_REQUEST } from '@stowage/contracts';
import { uploadWorld } from '../uploads/upload-world.spec-helper';
import { requeuePendingUploads } from './requeue-pending-uploads';

describe('requeuePendingUploads', () => {
  it('re-enqueues completed uploads pending for over a minute, in batches of one complete request, without task ids', async () => {
    const w = await uploadWorld();
    const longAgo = new Date(w.clock.now().getTime() - 120_000);
    const stalled = [];
    for (let i = 0; i < MAX_FILES_PER_UPLOAD_REQUEST + 1; i++) {
      stalled.push(await w.seed.artifact({ jobId: w.job.id, path: `f${i}`, state: 'PENDING', completedAt: longAgo }));
    }
    await w.seed.artifact({ jobId: w.job.id, path: 'recent', state: 'PENDING', completedAt: new Date(w.clock.now().getTime() - 30_000) });
    await w.seed.artifact({ jobId: w.job.id, path: 'open', state: 'PENDING' });
    await w.seed.artifact({ jobId: w.job.id, path: 'done', state: 'AVAILABLE', completedAt: longAgo });

    expect(await requeuePendingUploads(w.ctx)).toBe(stalled.length);
    expect(w.tasks.enqueued).toEqual([
      { name: 'finalize-uploads', payload: { artifactIds: stalled.slice(0, MAX_FILES_PER_UPLOAD_REQUEST).map((a) => a.id) } },
      { name: 'finalize-uploads', payload: { artifactIds: [stalled[MAX_FILES_PER_UPLOAD_REQUEST]!.id] } },
    ]);
  });
});
