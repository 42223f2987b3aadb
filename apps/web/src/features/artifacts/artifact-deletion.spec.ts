import { deleteArtifactConfirmation, deleteJobArtifactsConfirmation, purgeConfirmation } from './artifact-deletion';

describe('deleteArtifactConfirmation', () => {
  it('names the path, the container, the job and the size', () => {
    const confirmation = deleteArtifactConfirmation({ path: 'reports/junit.xml', nodeIndex: 1, size: 2048 }, 3);
    expect(confirmation.body).toBe(
      'reports/junit.xml (container 1 of job #3, 2.0 KiB (2,048 bytes)) is deleted at once, bytes included. This cannot be undone.',
    );
    expect(confirmation.confirmLabel).toBe('Delete artifact');
  });

  it('names a path holding a newline or a bidi override escaped, so it cannot pass for another', () => {
    const confirmation = deleteArtifactConfirmation({ path: 'logs/\u202etxt.exe\nok', nodeIndex: 0, size: 1 }, 3);
    expect(confirmation.body.startsWith('logs/\\u202etxt.exe\\nok (container 0')).toBe(true);
  });

  it('gives small sizes once, in bytes', () => {
    expect(deleteArtifactConfirmation({ path: 'a.txt', nodeIndex: 0, size: 1 }, 1).body).toContain('(container 0 of job #1, 1 byte)');
  });
});

describe('deleteJobArtifactsConfirmation', () => {
  it('says all N artifacts of job #X and their bytes go', () => {
    const confirmation = deleteJobArtifactsConfirmation(3, 1234, 1_572_864);
    expect(confirmation.title).toBe('Delete all artifacts of job #3?');
    expect(confirmation.body).toContain('All 1,234 artifacts of job #3, 1.5 MiB (1,572,864 bytes), are deleted at once, bytes included');
    expect(confirmation.confirmLabel).toBe('Delete 1,234 artifacts');
  });

  it('reads well for a single artifact', () => {
    const confirmation = deleteJobArtifactsConfirmation(7, 1, 10);
    expect(confirmation.body).toContain('The only artifact of job #7, 10 bytes, is deleted at once');
    expect(confirmation.confirmLabel).toBe('Delete 1 artifact');
  });
});

describe('purgeConfirmation', () => {
  const artifact = (jobNumber: number, nodeIndex: number, path: string) => ({ id: '00000000-0000-4000-8000-000000000000', jobNumber, nodeIndex, path, size: 2048, state: 'available' as const });

  it('names the bytes, lists every artifact holding them and confirms their count', () => {
    const confirmation = purgeConfirmation({
      artifactId: '00000000-0000-4000-8000-000000000000',
      sha256: 'ab'.repeat(32),
      size: 2048,
      artifactCount: 3,
      artifacts: [artifact(3, 0, 'logs/build.log'), artifact(3, 1, 'logs/build.log'), artifact(4, 0, 'logs/\u202etxt.exe')],
    });
    expect(confirmation.title).toBe('Purge these bytes?');
    expect(confirmation.intro).toBe('These bytes (2.0 KiB (2,048 bytes), SHA-256 abababababab…) are stored once for this project and held by 3 artifacts. All of them are deleted:');
    expect(confirmation.items).toEqual(['job #3, container 0: logs/build.log', 'job #3, container 1: logs/build.log', 'job #4, container 0: logs/\\u202etxt.exe']);
    expect(confirmation.unlisted).toBe(0);
    expect(confirmation.confirmLabel).toBe('Purge 3 artifacts');
  });

  it('says how many more hold the bytes than the list shows', () => {
    const confirmation = purgeConfirmation({ artifactId: '00000000-0000-4000-8000-000000000000', sha256: 'cd'.repeat(32), size: 1, artifactCount: 1200, artifacts: [artifact(1, 0, 'a')] });
    expect(confirmation.unlisted).toBe(1199);
    expect(confirmation.confirmLabel).toBe('Purge 1,200 artifacts');
  });
});
