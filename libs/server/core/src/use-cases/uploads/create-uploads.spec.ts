import { createUploads, storageKeyFor, type CreateUploadsInput } from './create-uploads';
import { DAY_MS, JOB_ID, LIMIT, MiB, NOW, PROJECT_REF, SHA, TTL_SECONDS, uploadWorld, domainErrorOf } from './upload-world.spec-helper';

const file = (path: string, size = 10, extra: Partial<CreateUploadsInput['files'][number]> = {}) => ({ path, size, sha256: SHA, fileMode: 0o644, ...extra });
const input = (files: CreateUploadsInput['files'], extra: Partial<CreateUploadsInput> = {}): CreateUploadsInput => ({
  project: PROJECT_REF,
  jobNumber: 42,
  nodeIndex: 0,
  files,
  ...extra,
});

describe('storageKeyFor', () => {
  it('builds the key from the organization, project, job and artifact ids in that order', () => {
    expect(storageKeyFor({ organizationId: 'o', projectId: 'p', jobId: 'j', artifactId: 'a' })).toBe('artifacts/o/p/j/a');
  });
});

describe('createUploads', () => {
  it('creates nothing for a caller the policy refuses: a read-only token (forbidden) or a stranger (not found)', async () => {
    const world = await uploadWorld();
    expect((await domainErrorOf(createUploads(world.ctx, world.readOnly, input([file('a.txt')])))).kind).toBe('forbidden');
    expect((await domainErrorOf(createUploads(world.ctx, world.outsider, input([file('a.txt')])))).kind).toBe('not_found');
    expect(world.storage.calls).toEqual([]);
    expect(world.tables.artifacts).toEqual([]);
    expect(world.ensure).not.toHaveBeenCalled();
  });

  it('refuses invalid paths as invalid_input with a detail naming each bad path, and creates nothing', async () => {
    const world = await uploadWorld();
    const error = await domainErrorOf(createUploads(world.ctx, world.uploader, input([file('/etc/passwd'), file('ok/fine.txt'), file('a/../b'), file('')])));
    expect(error.kind).toBe('invalid_input');
    expect(error.details?.map((d) => d.path)).toEqual(['files.0.path', 'files.2.path', 'files.3.path']);
    expect(error.details?.[0]!.message).toContain('"/etc/passwd"');
    expect(error.details?.[1]!.message).toContain('"a/../b"');
    expect(error.details?.[2]!.message).toContain('""');
    expect(error.message).toContain('/etc/passwd');
    expect(world.storage.calls).toEqual([]);
    expect(world.tables.artifacts).toEqual([]);
    expect(world.ensure).not.toHaveBeenCalled();
  });

  it('refuses the same path twice in one request, naming it', async () => {
    const world = await uploadWorld();
    const error = await domainErrorOf(createUploads(world.ctx, world.uploader, input([file('dup.txt'), file('other.txt'), file('dup.txt', 20)])));
    expect(error.kind).toBe('invalid_input');
    expect(error.message).toBe('artifact path "dup.txt" appears twice in one request');
    expect(world.tables.artifacts).toEqual([]);
  });

  it('treats paths differing only in Unicode normalisation as different artifacts', async () => {
    const world = await uploadWorld();
    const response = await createUploads(world.ctx, world.uploader, input([file('caf\u00e9.txt'), file('cafe\u0301.txt')]));
    expect(response.uploads).toHaveLength(2);
  });

  it('refuses a file over the size limit as payload_too_large, stating the limit in bytes', async () => {
    const world = await uploadWorld();
    const error = await domainErrorOf(createUploads(world.ctx, world.uploader, input([file('small.txt'), file('huge.bin', LIMIT + 1)])));
    expect(error.kind).toBe('payload_too_large');
    expect(error.message).toContain(`${LIMIT} bytes`);
    expect(error.message).toContain('"huge.bin"');
    expect(error.message).toContain('5 MiB');
    expect(world.storage.calls).toEqual([]);
    expect(world.tables.artifacts).toEqual([]);
  });

  it('accepts a file of exactly the size limit', async () => {
    const world = await uploadWorld();
    await expect(createUploads(world.ctx, world.uploader, input([file('max.bin', LIMIT)]))).resolves.toMatchObject({ uploads: [{ path: 'max.bin' }] });
  });

  it('creates the job with its description and inserts one pending artifact per file, keyed by ids only, with the driver\'s layout', async () => {
    const world = await uploadWorld({ mode: 'direct', partSize: 64 * MiB });
    const response = await createUploads(
      world.ctx,
      world.uploader,
      input([file('secret-dir/report.html', 10, { fileMode: 0o755 }), file('b.txt', 0)], { nodeIndex: 3, job: { name: 'build', branch: 'main' } }),
    );
    expect(world.ensure.mock.calls).toEqual([[world.project.id, 42, { name: 'build', branch: 'main' }, NOW]]);
    expect(response.jobId).toBe(JOB_ID);
    const rows = world.tables.artifacts;
    expect(rows.map((row) => row.id)).toEqual(response.uploads.map((upload) => upload.artifactId));
    const [uploadId] = [...world.storage.uploads.keys()];
    expect(rows[0]).toEqual({
      id: response.uploads[0]!.artifactId,
      jobId: JOB_ID,
      nodeIndex: 3,
      path: 'secret-dir/report.html',
      size: 10,
      sha256: SHA,
      computedSha256: null,
      contentType: null,
      fileMode: 0o755,
      storageKey: `artifacts/${world.organization.id}/${world.project.id}/${JOB_ID}/${response.uploads[0]!.artifactId}`,
      state: 'PENDING',
      failureReason: null,
      uploadId,
      partSize: 64 * MiB,
      sourceStamp: null,
      createdAt: NOW,
      completedAt: null,
      availableAt: null,
      blobId: null,
      expiresAt: new Date(NOW.getTime() + 30 * DAY_MS),
    });
    for (const row of rows) expect(row.storageKey).not.toMatch(/secret-dir|report|b\.txt/);
    expect(world.storage.callsTo('createMultipartUpload').map(([key]) => key)).toEqual(rows.map((row) => row.storageKey));
    expect(new Set(rows.map((row) => row.id)).size).toBe(2);
  });

  it('gives the driver\'s own targets (presigned, direct to the store), placed by part number with offsets and lengths for a multi-part size', async () => {
    const partSize = 2 * MiB;
    const size = 2 * partSize + 123;
    const world = await uploadWorld({ mode: 'direct', partSize });
    const response = await createUploads(world.ctx, world.uploader, input([file('big.bin', size)]));
    const [upload] = response.uploads;
    const key = world.tables.artifacts[0]!.storageKey;
    const uploadId = world.tables.artifacts[0]!.uploadId;
    expect(upload!.parts).toEqual(
      [1, 2, 3].map((n) => ({
        partNumber: n,
        method: 'PUT',
        url: `https://store.example/${key}?uploadId=${uploadId}&partNumber=${n}&expiresIn=${TTL_SECONDS}`,
        headers: { 'content-length': String(n < 3 ? partSize : 123) },
        offset: (n - 1) * partSize,
        length: n < 3 ? partSize : 123,
      })),
    );
    expect(upload!.parts.reduce((sum, part) => sum + part.length, 0)).toBe(size);
    expect(world.storage.callsTo('partTargets')).toEqual([
      [key, { uploadId, size, partSize, partCount: 3 }, { reference: upload!.artifactId, expiresAt: new Date(NOW.getTime() + TTL_SECONDS * 1000), expiresInSeconds: TTL_SECONDS }],
    ]);
    expect(upload!.targetsExpireAt).toBe(new Date(NOW.getTime() + TTL_SECONDS * 1000).toISOString());
  });

  it('gives a streaming driver\'s API targets, signed for the artifact, that its receiver accepts until they expire', async () => {
    const world = await uploadWorld({ mode: 'streamed' });
    const response = await createUploads(world.ctx, world.uploader, input([file('data.bin', 10)]));
    const [upload] = response.uploads;
    expect(upload!.parts.map(({ partNumber, offset, length, method, headers }) => ({ partNumber, offset, length, method, headers }))).toEqual([
      { partNumber: 1, offset: 0, length: 10, method: 'PUT', headers: { 'content-type': 'application/octet-stream' } },
    ]);
    const query = Object.fromEntries(new URL(upload!.parts[0]!.url).searchParams);
    expect(world.storage.checkTarget(upload!.artifactId, 1, query, NOW)).toEqual({ ok: true, length: 10 });
    const expiresAt = new Date(upload!.targetsExpireAt);
    expect(world.storage.checkTarget(upload!.artifactId, 1, query, new Date(expiresAt.getTime() + 1000))).toEqual({ ok: false, reason: 'the upload URL has expired' });
  });

  it('uses the organization\'s retention for the artifact\'s expiry', async () => {
    const world = await uploadWorld();
    world.organization.artifactRetentionDays = 7;
    world.tables.organizations[0]!.artifactRetentionDays = 7;
    await createUploads(world.ctx, world.uploader, input([file('a.txt')]));
    expect(world.tables.artifacts[0]!.expiresAt).toEqual(new Date(NOW.getTime() + 7 * DAY_MS));
  });
});
