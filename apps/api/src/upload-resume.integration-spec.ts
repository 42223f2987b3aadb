import { call, nextJobNumber, startApi, type ApiHarness } from '../test/api-harness';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FILESYSTEM_PART_BYTES } from '@stowage/server-storage';
import { completeUploads, createUploads, putParts, sha256, type CreatedUpload } from '../test/protocol';

const MINUTE = 60_000;

/** Two whole parts and a bit on either driver (filesystem parts of 16 MiB, S3 parts of 8 MiB). */
const CONTENT = crypto.randomBytes(2 * FILESYSTEM_PART_BYTES + 5);
const STAMP = `${CONTENT.length}:1733450000123456789`;

describe.each(['filesystem', 's3'] as const)('resuming an upload that was cut off (%s storage)', (storage) => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ storage });
  });
  afterAll(async () => {
    await api?.stop();
  });

  const declare = (jobNumber: number, extra: { sourceStamp?: string; sha256?: string; nodeIndex?: number } = {}) =>
    createUploads(api.baseUrl, api.world.tokens.privateUpload, {
      project: api.world.slugs.private,
      jobNumber,
      nodeIndex: extra.nodeIndex,
      files: [{ path: 'big/image.bin', size: CONTENT.length, sourceStamp: extra.sourceStamp, sha256: extra.sha256 }],
    });
  /** Sends these parts as an agent does: the PUT, then (where the upload asks for it) the report. */
  const send = async (upload: CreatedUpload, partNumbers?: number[]) => {
    const parts = await putParts({ ...upload, parts: upload.parts.filter((part) => !partNumbers || partNumbers.includes(part.partNumber)) }, CONTENT);
    if (upload.reportParts) {
      const reported = await call(api.baseUrl, 'POST', '/api/stowage/v1/uploads/parts', {
        token: api.world.tokens.privateUpload,
        body: { parts: parts.map((part) => ({ artifactId: upload.artifactId, ...part })) },
      });
      expect(reported.status).toBe(204);
    }
    return parts;
  };
  const ledger = (artifactId: string) => api.platform.db.uploadPart.findMany({ where: { artifactId }, orderBy: { partNumber: 'asc' } });

  test('declaring the same file again resumes its upload: only the parts the server does not hold are asked for, and completion with all of them makes it available', async () => {
    const jobNumber = nextJobNumber();
    const first = await declare(jobNumber, { sourceStamp: STAMP });
    expect(first.status).toBe(201);
    const [upload] = first.body.uploads as CreatedUpload[];
    expect(upload!.receivedParts).toEqual([]);
    expect(upload!.reportParts).toBe(storage === 's3');
    const partCount = upload!.parts.length;
    expect(partCount).toBeGreaterThanOrEqual(3);

    // Cut off after two parts.
    const sent = await send(upload!, [1, 2]);
    expect((await ledger(upload!.artifactId)).map(({ partNumber, etag, size }) => ({ partNumber, etag, size: Number(size) }))).toEqual(
      sent.map(({ partNumber, etag }) => ({ partNumber, etag, size: upload!.parts[partNumber - 1]!.length })),
    );

    // Its targets have expired by the time the job runs again: the new ones are signed afresh.
    api.clock.advance((api.platform.config.env.UPLOAD_TARGET_TTL_SECONDS + 60) * 1000);
    const again = await declare(jobNumber, { sourceStamp: STAMP });
    expect(again.status).toBe(201);
    const [resumed] = again.body.uploads as CreatedUpload[];
    expect(resumed!.artifactId).toBe(upload!.artifactId);
    expect(resumed!.receivedParts).toEqual(sent);
    expect(resumed!.parts.map((part) => part.partNumber)).toEqual(Array.from({ length: partCount - 2 }, (_, i) => i + 3));
    expect(await api.platform.db.artifact.count({ where: { job: { number: jobNumber } } })).toBe(1);

    const rest = await send(resumed!);
    const completed = await completeUploads(api.baseUrl, api.world.tokens.privateUpload, [
      { artifactId: resumed!.artifactId, parts: [...resumed!.receivedParts!, ...rest], sha256: sha256(CONTENT) },
    ]);
    expect(completed.status).toBe(200);
    await api.drain();
    const row = await api.platform.db.artifact.findUniqueOrThrow({ where: { id: upload!.artifactId } });
    expect(row).toMatchObject({ state: 'AVAILABLE', computedSha256: sha256(CONTENT), size: BigInt(CONTENT.length) });
  });

  test('a different file at the path (another stamp, no stamp, or a sha256 the first declaration did not give), or another container, starts a new upload', async () => {
    const jobNumber = nextJobNumber();
    const [upload] = (await declare(jobNumber, { sourceStamp: STAMP })).body.uploads as CreatedUpload[];
    await send(upload!, [1]);
    const fresh = async (extra: Parameters<typeof declare>[1]) => {
      const [other] = (await declare(jobNumber, extra)).body.uploads as CreatedUpload[];
      expect(other!.artifactId).not.toBe(upload!.artifactId);
      expect(other!.receivedParts).toEqual([]);
      expect(other!.parts).toHaveLength(upload!.parts.length);
    };
    await fresh({ sourceStamp: `${CONTENT.length}:1733450000999999999` });
    await fresh({});
    await fresh({ sourceStamp: STAMP, sha256: sha256(CONTENT) });
    await fresh({ sourceStamp: STAMP, nodeIndex: 1 });
    // The same stamp still finds it.
    const [same] = (await declare(jobNumber, { sourceStamp: STAMP })).body.uploads as CreatedUpload[];
    expect(same!.artifactId).toBe(upload!.artifactId);
  });

  test('uploads declared with the same sha256 resume on it alone', async () => {
    const jobNumber = nextJobNumber();
    const [upload] = (await declare(jobNumber, { sha256: sha256(CONTENT) })).body.uploads as CreatedUpload[];
    const sent = await send(upload!, [2]);
    const [resumed] = (await declare(jobNumber, { sha256: sha256(CONTENT) })).body.uploads as CreatedUpload[];
    expect(resumed!.artifactId).toBe(upload!.artifactId);
    expect(resumed!.receivedParts).toEqual(sent);
    expect(resumed!.parts.map((part) => part.partNumber)).not.toContain(2);
  });

  test('reporting parts needs upload access to the upload, and is for parts sent straight to the store only', async () => {
    const jobNumber = nextJobNumber();
    const [upload] = (await declare(jobNumber, { sourceStamp: STAMP })).body.uploads as CreatedUpload[];
    const report = (token: string, partNumber = 1) =>
      call(api.baseUrl, 'POST', '/api/stowage/v1/uploads/parts', { token, body: { parts: [{ artifactId: upload!.artifactId, partNumber, etag: 'abc' }] } });
    // No token is an anonymous caller, to whom a private project's upload does not exist.
    expect((await report('')).status).toBe(404);
    expect((await report(api.world.tokens.privateRead)).status).toBe(403);
    expect((await report(api.world.tokens.otherProjectUpload)).status).toBe(404);
    expect((await call(api.baseUrl, 'POST', '/api/stowage/v1/uploads/parts', { token: api.world.tokens.privateUpload, body: { parts: [] } })).status).toBe(400);
    if (storage === 's3') {
      expect((await report(api.world.tokens.privateUpload, 99)).status).toBe(400);
      expect((await report(api.world.tokens.privateUpload)).status).toBe(204);
      expect((await ledger(upload!.artifactId)).map((part) => part.etag)).toEqual(['abc']);
    } else {
      // The API received (and recorded) the parts itself: an agent's word must not replace its record.
      expect((await report(api.world.tokens.privateUpload)).status).toBe(400);
      expect(await ledger(upload!.artifactId)).toEqual([]);
    }
  });

  if (storage === 'filesystem') {
    test('the sweep after ABANDONED_UPLOAD_HOURS removes an abandoned multi-part upload: its row, its ledger and its parts on disk', async () => {
      // The sweep looks at the whole database, which other suites share (with S3 uploads this
      // filesystem platform cannot abort): this upload is made long before any of theirs, so the
      // sweeps below reach it and nothing else.
      const present = api.clock.now();
      api.clock.advance(-1000 * 24 * 60 * MINUTE);
      const jobNumber = nextJobNumber();
      const [upload] = (await declare(jobNumber, { sourceStamp: STAMP })).body.uploads as CreatedUpload[];
      await send(upload!, [1, 3]);
      const row = await api.platform.db.artifact.findUniqueOrThrow({ where: { id: upload!.artifactId } });
      const uploadDir = path.join(api.env.DATA_DIR, 'uploads', row.uploadId!);
      expect(fs.readdirSync(uploadDir).length).toBeGreaterThan(1);
      expect(await ledger(upload!.artifactId)).toHaveLength(2);

      await api.platform.backgroundTasks.sweepAbandonedUploads();
      expect(await ledger(upload!.artifactId)).toHaveLength(2);

      api.clock.advance((api.platform.config.env.ABANDONED_UPLOAD_HOURS + 1) * 60 * MINUTE);
      await api.platform.backgroundTasks.sweepAbandonedUploads();
      expect(await api.platform.db.artifact.findUnique({ where: { id: upload!.artifactId } })).toBeNull();
      expect(await ledger(upload!.artifactId)).toEqual([]);
      expect(fs.existsSync(uploadDir)).toBe(false);
      // Nothing is left to resume: the same file declared again starts over.
      const [again] = (await declare(jobNumber, { sourceStamp: STAMP })).body.uploads as CreatedUpload[];
      expect(again!.artifactId).not.toBe(upload!.artifactId);
      expect(again!.receivedParts).toEqual([]);
      api.clock.set(present);
    });
  }
});
