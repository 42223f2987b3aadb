import crypto from 'node:crypto';
import { storageKeyFor } from '@stowage/server-core';
import { uploadFiles } from '@stowage/testing';
import { call, nextJobNumber, startApi, type ApiHarness } from '../test/api-harness';
import { completeUploads, createUploads, putParts, sha256, type CreatedUpload } from '../test/protocol';

/** Identical bytes stored once per project, and who may skip sending them, through the real API and worker. */
describe.each(['filesystem', 's3'] as const)('content-addressed uploads with the %s driver', (storage) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ storage });
  });
  afterAll(async () => api?.stop());

  const project = () => api.world.slugs.private;
  const tree = (seed: string) => Array.from({ length: 6 }, (_, i) => ({ path: `dist/file-${i}.txt`, content: Buffer.from(`${seed}: file ${i}\n`.repeat(50 + i)) }));
  const details = async (jobNumber: number) => {
    const response = await call(api.baseUrl, 'GET', `/api/stowage/v1/projects/${project()}/jobs/${jobNumber}/artifacts`, { token: api.world.tokens.member });
    expect(response.status).toBe(200);
    return response.body.items as Array<{ id: string; path: string; state: string; url: string; sha256: string; nodeIndex: number }>;
  };
  const download = async (url: string) => {
    const response = await fetch(url, { headers: { 'circle-token': api.world.tokens.member } });
    return Buffer.from(await response.arrayBuffer());
  };
  /** Sends and completes declared uploads, as an agent does (no upload left pending for other tests' sweeps). */
  async function sendAll(uploads: CreatedUpload[], files: Array<{ path: string; content: Buffer }>, token: string) {
    const completions = [];
    for (const upload of uploads) completions.push({ artifactId: upload.artifactId, parts: await putParts(upload, files.find((f) => f.path === upload.path)!.content) });
    expect((await completeUploads(api.baseUrl, token, completions)).status).toBe(200);
    await api.drain();
  }
  const blobsOf = (contents: Buffer[]) => api.platform.db.blob.findMany({ where: { projectId: api.world.projects.private.id, sha256: { in: contents.map((c) => sha256(c)) } } });

  test('four containers uploading the same tree at once store each file once, and every artifact downloads its bytes', async () => {
    const jobNumber = nextJobNumber();
    const files = tree(crypto.randomUUID());
    // Upload-only tokens: every container sends every byte, the server keeps them once.
    const uploads = await Promise.all(
      [0, 1, 2, 3].map((nodeIndex) => uploadFiles({ baseUrl: api.baseUrl, token: api.world.tokens.privateUpload, project: project(), jobNumber, nodeIndex, files })),
    );
    await api.drain();
    const listed = await details(jobNumber);
    expect(listed).toHaveLength(24);
    expect(listed.every((a) => a.state === 'available')).toBe(true);
    const blobs = await blobsOf(files.map((f) => f.content));
    expect(blobs).toHaveLength(files.length);
    // Of the 24 uploaded objects, only the blobs' are left in the store.
    const { organizationId, id: projectId } = api.world.projects.private;
    const uploadKeys = uploads.flatMap(({ jobId, artifactIds }) => artifactIds.map((artifactId) => storageKeyFor({ organizationId, projectId, jobId, artifactId })));
    const present = [];
    for (const key of uploadKeys) if (await api.platform.context.storage.stat(key)) present.push(key);
    expect(present.sort()).toEqual(blobs.map((b) => b.storageKey).sort());
    for (const artifact of listed) {
      const file = files.find((f) => f.path === artifact.path)!;
      expect(await download(artifact.url)).toEqual(file.content);
    }
  });

  test('a member or an upload-read token declaring stored bytes sends nothing; an upload token is always asked for them', async () => {
    const files = tree(crypto.randomUUID());
    await uploadFiles({ baseUrl: api.baseUrl, token: api.world.tokens.privateUpload, project: project(), jobNumber: nextJobNumber(), files });
    await api.drain();
    const declare = (token: string, jobNumber: number) =>
      createUploads(api.baseUrl, token, { project: project(), jobNumber, files: files.map((f) => ({ path: f.path, size: f.content.length, sha256: sha256(f.content) })) });

    const byUploader = await declare(api.world.tokens.privateUpload, nextJobNumber());
    expect(byUploader.status).toBe(201);
    expect(byUploader.body.uploads.map((u: { stored: boolean; parts: unknown[] }) => [u.stored, u.parts.length])).toEqual(files.map(() => [false, 1]));
    // It sends them; they are verified and kept once all the same.
    await sendAll(byUploader.body.uploads, files, api.world.tokens.privateUpload);

    for (const token of [api.world.tokens.privateUploadRead, api.world.tokens.member]) {
      const jobNumber = nextJobNumber();
      const response = await declare(token, jobNumber);
      expect(response.status).toBe(201);
      expect(response.body.uploads.map((u: { stored: boolean; parts: unknown[] }) => [u.stored, u.parts.length])).toEqual(files.map(() => [true, 0]));
      // Available in the same request: listed by the CircleCI API and downloadable at once.
      const v2 = await call(api.baseUrl, 'GET', `/api/v2/project/${project()}/${jobNumber}/artifacts`, { token: api.world.tokens.member });
      expect(v2.body.items.map((item: { path: string }) => item.path)).toEqual(files.map((f) => f.path));
      for (const artifact of await details(jobNumber)) expect(await download(artifact.url)).toEqual(files.find((f) => f.path === artifact.path)!.content);
    }
    expect(await blobsOf(files.map((f) => f.content))).toHaveLength(files.length);
  });

  test('a public project never claims a private project\'s bytes, and an agent hashing while sending is told to stop', async () => {
    const files = tree(crypto.randomUUID());
    await uploadFiles({ baseUrl: api.baseUrl, token: api.world.tokens.privateUpload, project: project(), jobNumber: nextJobNumber(), files });
    await api.drain();
    const [file] = files;
    const onPublic = await createUploads(api.baseUrl, api.world.tokens.admin, {
      project: api.world.slugs.public,
      jobNumber: nextJobNumber(),
      files: [{ path: file!.path, size: file!.content.length, sha256: sha256(file!.content) }],
    });
    expect(onPublic.body.uploads[0].stored).toBe(false);
    await sendAll(onPublic.body.uploads, [file!], api.world.tokens.admin);

    const declared = await createUploads(api.baseUrl, api.world.tokens.privateUploadRead, { project: project(), jobNumber: nextJobNumber(), files: [{ path: file!.path, size: file!.content.length }] });
    expect(declared.body.uploads[0]).toMatchObject({ stored: false });
    const artifactId = declared.body.uploads[0].artifactId as string;
    const claim = await call(api.baseUrl, 'POST', '/api/stowage/v1/uploads/claims', { token: api.world.tokens.privateUploadRead, body: { uploads: [{ artifactId, sha256: sha256(file!.content) }] } });
    expect(claim.status).toBe(200);
    expect(claim.body).toEqual({ uploads: [{ artifactId, state: 'stored' }] });
    const malformed = await call(api.baseUrl, 'POST', '/api/stowage/v1/uploads/claims', { token: api.world.tokens.privateUploadRead, body: { uploads: [{ artifactId, sha256: 'nope' }] } });
    expect(malformed.status).toBe(400);
  });
});
