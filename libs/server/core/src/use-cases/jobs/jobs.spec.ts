import { artifactWorld } from '../artifact-world.spec-helper';
import { getJob } from './get-job';
import { listJobs } from './list-jobs';
import { upsertJob } from './upsert-job';

describe('upsertJob', () => {
  test('registers a job, then updates only the fields reported', async () => {
    const w = await artifactWorld();
    const created = await upsertJob(w.ctx, w.admin, { ref: w.ref, jobNumber: 9, report: { name: 'test', branch: 'dev', status: 'running' } });
    expect(created).toMatchObject({ number: 9, name: 'test', branch: 'dev', status: 'running', startedAt: '2026-06-01T12:00:00.000Z' });
    const updated = await upsertJob(w.ctx, w.admin, { ref: w.ref, jobNumber: 9, report: { status: 'success', stoppedAt: '2026-06-01T12:05:00.000Z' } });
    expect(updated).toMatchObject({ id: created.id, branch: 'dev', status: 'success', stoppedAt: '2026-06-01T12:05:00.000Z' });
  });

  describe('finishing a job (stowage job finish)', () => {
    const uploadToken = (projectId: string) => ({ kind: 'project-token' as const, projectId, scope: 'UPLOAD' as const, tokenId: 't', userId: 'u' });

    test.each(['success', 'failed', 'canceled'] as const)('a final status %s without stoppedAt stops the job now, by the server clock', async (status) => {
      const w = await artifactWorld();
      await upsertJob(w.ctx, w.admin, { ref: w.ref, jobNumber: 9, report: { name: 'test', branch: 'main', status: 'running' } });
      w.clock.advance(5 * 60_000);
      const finished = await upsertJob(w.ctx, uploadToken(w.project.id), { ref: w.ref, jobNumber: 9, report: { status } });
      expect(finished).toMatchObject({ number: 9, name: 'test', branch: 'main', status, startedAt: '2026-06-01T12:00:00.000Z', stoppedAt: '2026-06-01T12:05:00.000Z' });
      expect(await getJob(w.ctx, w.member, { ref: w.ref, jobNumber: 9 })).toMatchObject({ status, stoppedAt: '2026-06-01T12:05:00.000Z' });
    });

    test('finishing an unknown job creates it (a job that stored no artifacts still ends), and finishing twice is harmless', async () => {
      const w = await artifactWorld();
      const first = await upsertJob(w.ctx, uploadToken(w.project.id), { ref: w.ref, jobNumber: 42, report: { status: 'failed', branch: 'main' } });
      expect(first).toMatchObject({ number: 42, branch: 'main', status: 'failed', stoppedAt: '2026-06-01T12:00:00.000Z' });
      const again = await upsertJob(w.ctx, uploadToken(w.project.id), { ref: w.ref, jobNumber: 42, report: { status: 'failed', branch: 'main' } });
      expect(again).toEqual(first);
    });

    test('a status that does not end the job leaves stoppedAt alone; an explicit stoppedAt wins', async () => {
      const w = await artifactWorld();
      expect(await upsertJob(w.ctx, w.admin, { ref: w.ref, jobNumber: 9, report: { status: 'running' } })).toMatchObject({ stoppedAt: null });
      const reported = await upsertJob(w.ctx, w.admin, { ref: w.ref, jobNumber: 9, report: { status: 'success', stoppedAt: '2026-06-01T11:59:00.000Z' } });
      expect(reported).toMatchObject({ status: 'success', stoppedAt: '2026-06-01T11:59:00.000Z' });
    });

    test('an upload token may finish a job; a read token may not; a stranger learns nothing', async () => {
      const w = await artifactWorld();
      const reader = { ...uploadToken(w.project.id), scope: 'READ' as const };
      await expect(upsertJob(w.ctx, reader, { ref: w.ref, jobNumber: 1, report: { status: 'failed' } })).rejects.toMatchObject({ kind: 'forbidden' });
      await expect(upsertJob(w.ctx, w.outsider, { ref: w.ref, jobNumber: 1, report: { status: 'failed' } })).rejects.toMatchObject({ kind: 'not_found' });
      await expect(upsertJob(w.ctx, uploadToken('another-project'), { ref: w.ref, jobNumber: 1, report: { status: 'failed' } })).rejects.toMatchObject({ kind: 'not_found' });
      expect(await getJob(w.ctx, w.member, { ref: w.ref, jobNumber: 1 })).toMatchObject({ status: 'success', stoppedAt: null });
      await expect(upsertJob(w.ctx, uploadToken(w.project.id), { ref: w.ref, jobNumber: 1, report: { status: 'failed' } })).resolves.toMatchObject({ status: 'failed' });
    });
  });

  test('refuses a caller who may not upload: a read token is forbidden', async () => {
    const w = await artifactWorld();
    const reader = { kind: 'project-token' as const, projectId: w.project.id, scope: 'READ' as const, tokenId: 't', userId: 'u' };
    await expect(upsertJob(w.ctx, reader, { ref: w.ref, jobNumber: 9, report: {} })).rejects.toMatchObject({ kind: 'forbidden' });
  });
});

describe('listJobs and getJob', () => {
  test('lists newest first with available artifact counts, paged by number; gets one job', async () => {
    const w = await artifactWorld();
    await w.artifact('x');
    for (let n = 2; n <= 32; n++) await w.seed.job({ projectId: w.project.id, number: n, branch: n % 2 ? 'main' : 'dev' });
    const first = await listJobs(w.ctx, w.member, { ref: w.ref });
    expect(first.items).toHaveLength(30);
    expect(first.items[0].number).toBe(32);
    expect(first.next_page_token).toBe('3');
    const rest = await listJobs(w.ctx, w.member, { ref: w.ref, beforeNumber: 3 });
    expect(rest.items.map((j) => [j.number, j.artifactCount])).toEqual([[2, 0], [1, 1]]);
    expect(rest.next_page_token).toBeNull();
    expect((await listJobs(w.ctx, w.member, { ref: w.ref, branch: 'main', status: 'success' })).items.map((j) => j.number)).toEqual([1]);
    await w.seed.job({ projectId: w.project.id, number: 33, name: 'deploy', branch: 'main' });
    expect((await listJobs(w.ctx, w.member, { ref: w.ref, name: 'deploy' })).items.map((j) => j.number)).toEqual([33]);
    expect(await getJob(w.ctx, w.member, { ref: w.ref, jobNumber: 1 })).toMatchObject({ id: w.job.id, status: 'success' });
    await expect(getJob(w.ctx, w.member, { ref: w.ref, jobNumber: 99 })).rejects.toMatchObject({ kind: 'not_found' });
  });

  test('refuses a caller who may not read the project', async () => {
    const w = await artifactWorld();
    await expect(listJobs(w.ctx, w.outsider, { ref: w.ref })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(getJob(w.ctx, { kind: 'anonymous' }, { ref: w.ref, jobNumber: 1 })).rejects.toMatchObject({ kind: 'not_found' });
  });
});
