import { call, nextJobNumber, startApi, type ApiHarness } from '../test/api-harness';
import { Readable } from 'node:stream';
import { uploadFiles } from '@stowage/testing';
import { sha256 } from '../test/protocol';

/** Purging bytes and verifying the store, through the HTTP API and the admin use case, on each storage driver. */
describe.each(['filesystem', 's3'] as const)('purge and verify with the %s driver', (driver) => {
  let api: ApiHarness;
  beforeAll(async () => {
    // Downloads stream through the API here (with S3's redirect, S3 itself answers for the bytes).
    api = await startApi({ storage: driver, extraEnv: { S3_REDIRECT_DOWNLOADS: 'false' } });
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
  });

  const project = () => api.world.slugs.private;
  const upload = async (jobNumber: number, files: Array<{ path: string; content: string }>) => {
    await uploadFiles({ baseUrl: api.baseUrl, token: api.world.tokens.admin, project: project(), jobNumber, files });
    await api.drain();
  };
  /** The job's artifacts by path, as the Stowage listing answers them (id, state, failure reason, URL). */
  const listing = async (jobNumber: number) => {
    const response = await call(api.baseUrl, 'GET', `/api/stowage/v1/projects/${project()}/jobs/${jobNumber}/artifacts`, { token: api.world.tokens.admin });
    expect(response.status).toBe(200);
    return Object.fromEntries(response.body.items.map((item: { path: string }) => [item.path, item])) as Record<string, { id: string; state: string; failureReason: string | null; url: string; sha256: string }>;
  };
  const blobOf = (artifactId: string) => api.platform.context.blobs.findByArtifact(artifactId);

  test('a purge lists every artifact holding the bytes, refuses a stale confirmation, deletes them all with the object, and the bytes can be stored again', async () => {
    const secret = `AWS_SECRET_ACCESS_KEY=${Math.random()}`;
    const [first, second] = [nextJobNumber(), nextJobNumber()];
    await upload(first, [
      { path: 'logs/build.log', content: secret },
      { path: 'logs/copy.log', content: secret },
      { path: 'keep.txt', content: 'keep me' },
    ]);
    await upload(second, [{ path: 'build.log', content: secret }]);
    const artifacts = await listing(first);
    const leaked = artifacts['logs/build.log'];
    const blob = (await blobOf(leaked.id))!;
    expect(blob.sha256).toBe(sha256(Buffer.from(secret)));
    expect(await api.platform.context.storage.stat(blob.storageKey)).toMatchObject({ size: secret.length });

    const preview = await call(api.baseUrl, 'GET', `/api/stowage/v1/artifacts/${leaked.id}/purge-preview`, { token: api.world.tokens.admin });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ artifactId: leaked.id, sha256: blob.sha256, size: secret.length, artifactCount: 3 });
    expect(preview.body.artifacts.map((a: { jobNumber: number; path: string }) => `${a.jobNumber}/${a.path}`)).toEqual([`${first}/logs/build.log`, `${first}/logs/copy.log`, `${second}/build.log`]);

    const member = await call(api.baseUrl, 'GET', `/api/stowage/v1/artifacts/${leaked.id}/purge-preview`, { token: api.world.tokens.member });
    expect(member.status).toBe(403);
    const outsider = await call(api.baseUrl, 'POST', `/api/stowage/v1/artifacts/${leaked.id}/purge`, { token: api.world.tokens.outsider, body: { sha256: blob.sha256, artifactCount: 3 } });
    expect(outsider.status).toBe(404);
    const invalid = await call(api.baseUrl, 'POST', `/api/stowage/v1/artifacts/${leaked.id}/purge`, { token: api.world.tokens.admin, body: { sha256: 'nope', artifactCount: 0 } });
    expect(invalid).toMatchObject({ status: 400, body: { error: 'invalid_input' } });
    const stale = await call(api.baseUrl, 'POST', `/api/stowage/v1/artifacts/${leaked.id}/purge`, { token: api.world.tokens.admin, body: { sha256: blob.sha256, artifactCount: 2 } });
    expect(stale).toMatchObject({ status: 409, body: { error: 'conflict' } });
    expect(await api.platform.context.storage.stat(blob.storageKey)).not.toBeNull();

    const purged = await call(api.baseUrl, 'POST', `/api/stowage/v1/artifacts/${leaked.id}/purge`, { token: api.world.tokens.admin, body: { sha256: blob.sha256, artifactCount: 3 } });
    expect(purged).toMatchObject({ status: 200, body: { purgedArtifacts: 3, bytes: secret.length } });
    expect(await api.platform.context.storage.stat(blob.storageKey)).toBeNull();
    expect(await api.platform.db.blob.findUnique({ where: { id: blob.id } })).toBeNull();
    expect(Object.keys(await listing(first))).toEqual(['keep.txt']);
    expect(await listing(second)).toEqual({});
    expect((await call(api.baseUrl, 'GET', leaked.url, { token: api.world.tokens.admin })).status).toBe(404);

    // The same bytes again: nothing holds them, so they are sent, stored anew and downloadable.
    const third = nextJobNumber();
    await upload(third, [{ path: 'again.log', content: secret }]);
    const again = (await listing(third))['again.log'];
    const stored = (await blobOf(again.id))!;
    expect(stored.id).not.toBe(blob.id);
    expect(await api.platform.context.storage.stat(stored.storageKey)).toMatchObject({ size: secret.length });
    const download = await call(api.baseUrl, 'GET', again.url, { token: api.world.tokens.admin });
    expect(download.status).toBe(200);
    expect(download.text).toBe(secret);
  });

  test('verify finds a deleted object and (deep) corrupt bytes, fails their artifacts with the reason, and a download of missing bytes is a JSON 410', async () => {
    const jobNumber = nextJobNumber();
    const stamp = Math.random().toString(36).slice(2);
    await upload(jobNumber, [
      { path: 'gone.txt', content: `gone ${stamp}` },
      { path: 'corrupt.txt', content: `corrupt ${stamp}` },
      { path: 'fine.txt', content: `fine ${stamp}` },
    ]);
    const before = await listing(jobNumber);
    const [gone, corrupt, fine] = await Promise.all(['gone.txt', 'corrupt.txt', 'fine.txt'].map(async (path) => (await blobOf(before[path].id))!));
    // Behind the database's back: one object deleted, one overwritten with bytes of the same length.
    await api.platform.context.storage.deleteMany([gone.storageKey]);
    await api.platform.context.storage.put(corrupt.storageKey, Readable.from([Buffer.from(`CORRUPT ${stamp}`)]));

    const missing = await call(api.baseUrl, 'GET', before['gone.txt'].url, { token: api.world.tokens.member });
    expect(missing.status).toBe(410);
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
    expect(missing.headers.get('content-disposition')).toBeNull();
    expect(missing.body).toMatchObject({ statusCode: 410, error: 'bytes_missing', message: expect.stringContaining('gone.txt (container 0) are missing from storage') });

    const mine = (report: { broken: Array<{ blobId: string }> }) => report.broken.filter((b) => [gone.id, corrupt.id, fine.id].includes(b.blobId));
    const shallow = await api.platform.admin.verifyStorage({ deep: false });
    expect(mine(shallow)).toEqual([expect.objectContaining({ blobId: gone.id, problem: 'missing', failedArtifacts: 1 })]);
    const deep = await api.platform.admin.verifyStorage({ deep: true });
    expect(mine(deep)).toEqual([expect.objectContaining({ blobId: corrupt.id, problem: 'digest-mismatch', failedArtifacts: 1 })]);

    const after = await listing(jobNumber);
    expect(after['gone.txt']).toMatchObject({ state: 'failed', failureReason: expect.stringContaining('missing from storage') });
    expect(after['corrupt.txt']).toMatchObject({ state: 'failed', failureReason: expect.stringContaining('SHA-256') });
    expect(after['fine.txt'].state).toBe('available');
    // The failed artifacts are no longer listed for CircleCI or downloadable.
    const v2 = await call(api.baseUrl, 'GET', `/api/v2/project/${project()}/${jobNumber}/artifacts`, { token: api.world.tokens.member });
    expect(v2.body.items.map((item: { path: string }) => item.path)).toEqual(['fine.txt']);
    expect((await call(api.baseUrl, 'GET', before['gone.txt'].url, { token: api.world.tokens.member })).status).toBe(404);
    // The broken blobs can no longer be claimed: the bytes must be sent again.
    expect(await api.platform.context.blobs.findStored(api.world.projects.private.id, [{ sha256: corrupt.sha256, size: corrupt.size }])).toEqual([]);
  });
});
