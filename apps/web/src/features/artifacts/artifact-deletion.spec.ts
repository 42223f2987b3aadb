import { deleteArtifactConfirmation, deleteJobArtifactsConfirmation } from './artifact-deletion';

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
