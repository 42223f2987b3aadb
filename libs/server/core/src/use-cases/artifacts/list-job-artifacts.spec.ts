import { artifactWorld } from '../artifact-world.spec-helper';
import { listJobArtifacts } from './list-job-artifacts';

describe('listJobArtifacts', () => {
  test('lists every state but deleting, in byte order of paths, filtered by prefix, with details', async () => {
    const w = await artifactWorld();
    for (const path of ['é', 'a_b', 'B', 'a/b', 'a-b']) await w.artifact(path);
    await w.artifact('a/pending', 'p', { state: 'PENDING' });
    const all = await listJobArtifacts(w.ctx, w.member, { ref: w.ref, jobNumber: 1, pageSize: 100 });
    expect(all.items.map((a) => [a.path, a.state])).toEqual([['B', 'available'], ['a-b', 'available'], ['a/b', 'available'], ['a/pending', 'pending'], ['a_b', 'available'], ['é', 'available']]);
    expect(all.items[0]).toMatchObject({ size: 1, nodeIndex: 0, url: `https://stowage.test/output/job/${w.job.id}/artifacts/0/B`, coreDump: null });
    const page = await listJobArtifacts(w.ctx, w.member, { ref: w.ref, jobNumber: 1, prefix: 'a/', pageSize: 1 });
    expect(page.items.map((a) => a.path)).toEqual(['a/b']);
    const next = await listJobArtifacts(w.ctx, w.member, { ref: w.ref, jobNumber: 1, prefix: 'a/', pageSize: 1, pageToken: page.next_page_token! });
    expect(next.items.map((a) => a.path)).toEqual(['a/pending']);
  });

  test('refuses a caller who may not read the project', async () => {
    const w = await artifactWorld();
    await expect(listJobArtifacts(w.ctx, w.outsider, { ref: w.ref, jobNumber: 1, pageSize: 10 })).rejects.toMatchObject({ kind: 'not_found' });
  });
});
