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
      storage: { totalBytes: 50, byProject: [{ project: 'app', bytes: 50, artifacts: 1 }], daily: [] },
      egress: { totalBytes: 9, daily: [{ day: '2026-06-01', bytes: 9 }] },
      largestArtifacts: [{ project: 'app', jobNumber: 1, path: 'big', nodeIndex: 0, size: 50 }],
    });
  });

  test('refuses a caller who is not a member', async () => {
    const w = await artifactWorld();
    await expect(getUsage(w.ctx, w.outsider, { slug: 'acme' })).rejects.toMatchObject({ kind: 'not_found' });
  });
});
