import { artifactWorld } from '../artifact-world.spec-helper';
import { listJobArtifactsV11 } from './list-job-artifacts-v11';

describe('listJobArtifactsV11', () => {
  test('lists a job\'s available artifacts in byte order with CircleCI URLs', async () => {
    const w = await artifactWorld();
    for (const path of ['é', 'a_b', 'B', 'a/b', 'a-b']) await w.artifact(path);
    await w.artifact('pending', 'x', { state: 'PENDING' });
    const listed = await listJobArtifactsV11(w.ctx, w.member, { ref: w.ref, jobNumber: '1' });
    expect(listed.map((a) => a.path)).toEqual(['B', 'a-b', 'a/b', 'a_b', 'é']);
    expect(listed[0]).toEqual({ path: 'B', pretty_path: 'B', node_index: 0, url: `https://stowage.test/output/job/${w.job.id}/artifacts/0/B` });
  });

  test('`latest` is the highest-numbered job matching branch and filter', async () => {
    const w = await artifactWorld();
    const newer = await w.seed.job({ projectId: w.project.id, number: 2, status: 'FAILED', branch: 'main' });
    await w.artifact('old.txt');
    await w.artifact('new.txt', 'new', { jobId: newer.id });
    expect((await listJobArtifactsV11(w.ctx, w.member, { ref: w.ref, jobNumber: 'latest' })).map((a) => a.path)).toEqual(['new.txt']);
    expect((await listJobArtifactsV11(w.ctx, w.member, { ref: w.ref, jobNumber: 'latest', filter: 'successful' })).map((a) => a.path)).toEqual(['old.txt']);
    await expect(listJobArtifactsV11(w.ctx, w.member, { ref: w.ref, jobNumber: 'latest', branch: 'nope' })).rejects.toMatchObject({ kind: 'not_found' });
  });

  test('refuses a caller who may not read the project: an outsider sees a 404, even for a malformed number', async () => {
    const w = await artifactWorld();
    await expect(listJobArtifactsV11(w.ctx, w.outsider, { ref: w.ref, jobNumber: '1' })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(listJobArtifactsV11(w.ctx, w.outsider, { ref: w.ref, jobNumber: 'abc' })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(listJobArtifactsV11(w.ctx, w.member, { ref: w.ref, jobNumber: 'abc' })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['build_num'] })] });
  });
});
