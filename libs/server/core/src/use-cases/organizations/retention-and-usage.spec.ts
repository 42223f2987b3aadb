import { artifactWorld, LATER, NOW } from '../artifact-world.spec-helper';
import { getUsage } from './get-usage';
import { previewRetention } from './preview-retention';
import { updateRetention } from './update-retention';

const DAY = 86_400_000;

describe('previewRetention and updateRetention', () => {
  test('says what a shorter retention expires, then applies it to every artifact and queues the expiry', async () => {
    const w = await artifactWorld();
    const old = await w.seed.artifact({ jobId: w.job.id, nodeIndex: 0, path: 'old', size: 40, createdAt: new Date(NOW.getTime() - 10 * DAY), expiresAt: LATER });
    await w.artifact('new');
    expect(await previewRetention(w.ctx, w.member, { slug: 'acme', days: '7' })).toEqual({ artifactRetentionDays: 7, expiringArtifacts: 1, expiringBytes: 40 });
    const updated = await updateRetention(w.ctx, w.admin, { slug: 'acme', days: 7 });
    expect(updated.artifactRetentionDays).toBe(7);
    expect(w.tables.artifacts.find((a) => a.id === old.id)?.expiresAt).toEqual(new Date(NOW.getTime() - 3 * DAY));
    expect(w.enqueued).toEqual([{ name: 'expire-artifacts', payload: {} }]);
  });

  test('judges the days only after access, and refuses callers the policy refuses', async () => {
    const w = await artifactWorld();
    await expect(previewRetention(w.ctx, w.outsider, { slug: 'acme', days: 'x' })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(previewRetention(w.ctx, w.member, { slug: 'acme', days: '0' })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['days'] })] });
    await expect(updateRetention(w.ctx, w.member, { slug: 'acme', days: 7 })).rejects.toMatchObject({ kind: 'forbidden' });
    expect(w.tables.organizations[0].artifactRetentionDays).toBe(30);
  });
});

describe('getUsage', () => {
  test('sums storage by project and egress by day over the last 30 days', async () => {
    const w = await artifactWorld();
    await w.artifact('big', 'x'.repeat(50));
    await w.ctx.usage.recordEgress({ organizationId: w.organization.id, projectId: w.project.id, bytes: 9, day: '2026-06-01', at: NOW });
    await w.ctx.usage.recordEgress({ organizationId: w.organization.id, projectId: w.project.id, bytes: 9, day: '2026-04-01', at: NOW });
    const usage = await getUsage(w.ctx, w.member, { slug: 'acme' });
    expect(usage).toEqual({
      organization: 'acme',
      storage: {
        totalBytes: 50,
        // An artifact that is no blob holds its own object: physical as much as logical.
        byProject: [{ project: 'app', bytes: 50, artifacts: 1, logicalBytes: 50, physicalBytes: 50, savedBytes: 0 }],
        logicalBytes: 50,
        physicalBytes: 50,
        savedBytes: 0,
        daily: [],
      },
      egress: { totalBytes: 9, daily: [{ day: '2026-06-01', bytes: 9 }] },
      largestArtifacts: [{ project: 'app', jobNumber: 1, path: 'big', nodeIndex: 0, size: 50 }],
    });
  });

  test('gives each project\'s logical bytes beside its physical ones (each blob once) and what deduplication saved', async () => {
    const w = await artifactWorld();
    const other = await w.seed.project({ organizationId: w.organization.id, vcsType: 'GITHUB', name: 'lib' });
    const otherJob = await w.seed.job({ projectId: other.id, number: 1 });
    const blobOf = (projectId: string, size: number) => w.seed.blob({ projectId, sha256: 'ef'.repeat(32), size, storageKey: `artifacts/blob/${projectId}/${size}` });
    const refer = (jobId: string, path: string, blob: { id: string; size: number; storageKey: string }) =>
      w.seed.artifact({ jobId, path, size: blob.size, blobId: blob.id, storageKey: blob.storageKey, expiresAt: LATER, availableAt: NOW });
    // app: one 100-byte blob under three paths; lib: the same bytes once (blobs are per project).
    const shared = await blobOf(w.project.id, 100);
    for (const path of ['a.bin', 'b.bin', 'c.bin']) await refer(w.job.id, path, shared);
    await refer(otherJob.id, 'a.bin', await blobOf(other.id, 100));
    const { storage } = await getUsage(w.ctx, w.member, { slug: 'acme' });
    expect(storage.byProject).toEqual([
      { project: 'app', bytes: 300, artifacts: 3, logicalBytes: 300, physicalBytes: 100, savedBytes: 200 },
      { project: 'lib', bytes: 100, artifacts: 1, logicalBytes: 100, physicalBytes: 100, savedBytes: 0 },
    ]);
    expect(storage).toMatchObject({ totalBytes: 400, logicalBytes: 400, physicalBytes: 200, savedBytes: 200 });
  });

  test('refuses a caller who is not a member', async () => {
    const w = await artifactWorld();
    await expect(getUsage(w.ctx, w.outsider, { slug: 'acme' })).rejects.toMatchObject({ kind: 'not_found' });
  });
});
