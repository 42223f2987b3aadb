import { V2_PAGE_SIZE } from '@stowage/contracts';
import { artifactWorld } from '../artifact-world.spec-helper';
import { listJobArtifactsV2 } from './list-job-artifacts-v2';

describe('listJobArtifactsV2', () => {
  test('pages a job\'s artifacts with a signed keyset token', async () => {
    const w = await artifactWorld();
    for (let i = 0; i < V2_PAGE_SIZE + 3; i++) await w.artifact(`f-${String(i).padStart(5, '0')}`);
    const first = await listJobArtifactsV2(w.ctx, w.member, { ref: w.ref, jobNumber: '1' });
    expect(first.items).toHaveLength(V2_PAGE_SIZE);
    const second = await listJobArtifactsV2(w.ctx, w.member, { ref: w.ref, jobNumber: '1', pageToken: first.next_page_token! });
    expect(second.items.map((a) => a.path)).toEqual(['f-01000', 'f-01001', 'f-01002'].map((p) => p.replace(/^f-0(\d{4})$/, (_, n) => `f-${String(Number(n) + V2_PAGE_SIZE - 1000).padStart(5, '0')}`)));
    expect(second.next_page_token).toBeNull();
    await expect(listJobArtifactsV2(w.ctx, w.member, { ref: w.ref, jobNumber: '1', pageToken: `${first.next_page_token}x` })).rejects.toMatchObject({ kind: 'invalid_input' });
  });

  test('refuses a caller who may not read the project', async () => {
    const w = await artifactWorld();
    await expect(listJobArtifactsV2(w.ctx, w.outsider, { ref: w.ref, jobNumber: '1' })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(listJobArtifactsV2(w.ctx, { kind: 'anonymous' }, { ref: w.ref, jobNumber: '1' })).rejects.toMatchObject({ kind: 'not_found' });
  });
});
