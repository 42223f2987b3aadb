import { artifactWorld } from '../artifact-world.spec-helper';
import { deleteArtifact } from './delete-artifact';
import { deleteJobArtifacts } from './delete-job-artifacts';
import { deleteProject } from '../projects/delete-project';

describe('deleteArtifact', () => {
  test('removes one artifact\'s bytes and row at once', async () => {
    const w = await artifactWorld();
    const gone = await w.artifact('leak.txt');
    const kept = await w.artifact('keep.txt');
    await deleteArtifact(w.ctx, w.admin, { artifactId: gone.id });
    expect(w.deleted).toEqual([[gone.storageKey]]);
    expect(w.tables.artifacts.map((a) => a.id)).toEqual([kept.id]);
    await expect(deleteArtifact(w.ctx, w.admin, { artifactId: gone.id })).rejects.toMatchObject({ kind: 'not_found' });
  });

  test('refuses a member who is not an admin, and hides the artifact from an outsider', async () => {
    const w = await artifactWorld();
    const stored = await w.artifact('x.txt');
    await expect(deleteArtifact(w.ctx, w.member, { artifactId: stored.id })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(deleteArtifact(w.ctx, w.outsider, { artifactId: stored.id })).rejects.toMatchObject({ kind: 'not_found' });
    expect(w.tables.artifacts).toHaveLength(1);
  });
});

describe('deleteJobArtifacts', () => {
  test('removes every artifact of the job', async () => {
    const w = await artifactWorld();
    await w.artifact('a');
    await w.artifact('b');
    await deleteJobArtifacts(w.ctx, w.admin, { ref: w.ref, jobNumber: 1 });
    expect(w.tables.artifacts).toEqual([]);
    expect(w.objects.size).toBe(0);
  });

  test('refuses a member who is not an admin', async () => {
    const w = await artifactWorld();
    await w.artifact('a');
    await expect(deleteJobArtifacts(w.ctx, w.member, { ref: w.ref, jobNumber: 1 })).rejects.toMatchObject({ kind: 'forbidden' });
    expect(w.tables.artifacts).toHaveLength(1);
  });
});

describe('deleteProject', () => {
  test('removes the bytes, then the project with its jobs', async () => {
    const w = await artifactWorld();
    await w.artifact('a');
    await deleteProject(w.ctx, w.admin, { ref: w.ref });
    expect(w.objects.size).toBe(0);
    expect(w.tables.projects).toEqual([]);
    expect(w.tables.jobs).toEqual([]);
  });

  test('refuses a member who is not an admin', async () => {
    const w = await artifactWorld();
    await expect(deleteProject(w.ctx, w.member, { ref: w.ref })).rejects.toMatchObject({ kind: 'forbidden' });
    expect(w.tables.projects).toHaveLength(1);
  });
});
