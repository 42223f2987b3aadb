import { Readable } from 'node:stream';
import { DomainError } from '@stowage/domain';
import { createUploads, type CreateUploadsInput } from './create-uploads';
import { receiveUploadPart } from './receive-upload-part';
import { recordUploadParts } from './record-upload-parts';
import { isResumableAs } from './resume-uploads';
import { PROJECT_REF, SHA, TTL_SECONDS, uploadWorld } from './upload-world.spec-helper';

const HOUR = 3600_000;
const STAMP = '10:1733450000123456789';

describe('isResumableAs', () => {
  const upload = { path: 'a.bin', size: 10, sha256: null, sourceStamp: STAMP };

  it('resumes the same path and size declared with the same stamp and no sha256', () => {
    expect(isResumableAs({ path: 'a.bin', size: 10, sourceStamp: STAMP }, upload)).toBe(true);
  });

  it('does not resume another path, another size, another stamp, or no stamp: the bytes stored may not be this file', () => {
    expect(isResumableAs({ path: 'b.bin', size: 10, sourceStamp: STAMP }, upload)).toBe(false);
    expect(isResumableAs({ path: 'a.bin', size: 11, sourceStamp: STAMP }, upload)).toBe(false);
    expect(isResumableAs({ path: 'a.bin', size: 10, sourceStamp: '10:2' }, upload)).toBe(false);
    expect(isResumableAs({ path: 'a.bin', size: 10 }, upload)).toBe(false);
    expect(isResumableAs({ path: 'a.bin', size: 10 }, { ...upload, sourceStamp: null })).toBe(false);
  });

  it('resumes on the same declared sha256 whatever the stamps, never on different ones or on one given and one not', () => {
    expect(isResumableAs({ path: 'a.bin', size: 10, sha256: SHA }, { ...upload, sha256: SHA, sourceStamp: null })).toBe(true);
    expect(isResumableAs({ path: 'a.bin', size: 10, sha256: SHA, sourceStamp: 'other' }, { ...upload, sha256: SHA })).toBe(true);
    expect(isResumableAs({ path: 'a.bin', size: 10, sha256: 'b'.repeat(64), sourceStamp: STAMP }, { ...upload, sha256: SHA })).toBe(false);
    expect(isResumableAs({ path: 'a.bin', size: 10, sha256: SHA, sourceStamp: STAMP }, upload)).toBe(false);
    expect(isResumableAs({ path: 'a.bin', size: 10, sourceStamp: STAMP }, { ...upload, sha256: SHA })).toBe(false);
  });
});

describe('createUploads resuming an upload that was cut off', () => {
  const declare = (files: CreateUploadsInput['files'], nodeIndex = 0): CreateUploadsInput => ({ project: PROJECT_REF, jobNumber: 42, nodeIndex, files });
  const bigFile = { path: 'big.bin', size: 10, fileMode: 0o644, sourceStamp: STAMP };

  async function streamedWorld() {
    // The in-memory driver's streamed mode receives parts through the API, as the filesystem does; 4-byte parts make 3.
    return uploadWorld({ mode: 'streamed', partSize: 4 });
  }

  it('answers the same upload with targets for the parts the ledger lacks, and the received ones with their etags', async () => {
    const world = await uploadWorld({ mode: 'direct', partSize: 4 });
    const first = await createUploads(world.ctx, world.uploader, declare([bigFile, { path: 'small.txt', size: 3, fileMode: 0o644, sourceStamp: '3:1' }]));
    const [big] = first.uploads;
    expect(big!.parts.map((part) => part.partNumber)).toEqual([1, 2, 3]);
    expect(big!.reportParts).toBe(true);
    await recordUploadParts(world.ctx, world.uploader, { parts: [{ artifactId: big!.artifactId, partNumber: 2, etag: 'two' }] });

    world.clock.advance((TTL_SECONDS + 60) * 1000);
    const again = await createUploads(world.ctx, world.uploader, declare([{ path: 'new.txt', size: 1, fileMode: 0o644 }, bigFile]));
    expect(again.uploads.map((upload) => upload.path)).toEqual(['new.txt', 'big.bin']);
    const resumed = again.uploads[1]!;
    expect(resumed.artifactId).toBe(big!.artifactId);
    expect(resumed.receivedParts).toEqual([{ partNumber: 2, etag: 'two' }]);
    expect(resumed.parts.map(({ partNumber, offset, length }) => ({ partNumber, offset, length }))).toEqual([
      { partNumber: 1, offset: 0, length: 4 },
      { partNumber: 3, offset: 8, length: 2 },
    ]);
    // Targets signed anew, for the new expiry.
    expect(new Date(again.uploads[1]!.targetsExpireAt).getTime()).toBe(world.clock.now().getTime() + TTL_SECONDS * 1000);
    expect(world.storage.callsTo('createMultipartUpload')).toHaveLength(3);
    expect(world.tables.artifacts.filter((a) => a.path === 'big.bin')).toHaveLength(1);
  });

  it('records each part the API receives in the ledger once it is written, so a re-declaration skips it', async () => {
    const world = await streamedWorld();
    const [upload] = (await createUploads(world.ctx, world.uploader, declare([bigFile]))).uploads;
    expect(upload!.reportParts).toBe(false);
    const query = Object.fromEntries(new URL(upload!.parts[1]!.url).searchParams);
    const { etag } = await receiveUploadPart(world.ctx, { artifactId: upload!.artifactId, partNumber: 2, query, declaredLength: 4, body: Readable.from([Buffer.from('4567')]) });
    expect(world.tables.uploadParts).toEqual([{ artifactId: upload!.artifactId, partNumber: 2, size: 4, etag, receivedAt: world.clock.now() }]);
    const [resumed] = (await createUploads(world.ctx, world.uploader, declare([bigFile]))).uploads;
    expect(resumed).toMatchObject({ artifactId: upload!.artifactId, receivedParts: [{ partNumber: 2, etag }] });
    expect(resumed!.parts.map((part) => part.partNumber)).toEqual([1, 3]);
  });

  it('keeps no ledger for a one-part upload: there is nothing to resume', async () => {
    const world = await streamedWorld();
    const [upload] = (await createUploads(world.ctx, world.uploader, declare([{ ...bigFile, size: 3, sourceStamp: '3:1' }]))).uploads;
    const query = Object.fromEntries(new URL(upload!.parts[0]!.url).searchParams);
    await receiveUploadPart(world.ctx, { artifactId: upload!.artifactId, partNumber: 1, query, declaredLength: 3, body: Readable.from([Buffer.from('abc')]) });
    expect(world.tables.uploadParts).toEqual([]);
  });

  it('records nothing for a part that failed to arrive whole', async () => {
    const world = await streamedWorld();
    const [upload] = (await createUploads(world.ctx, world.uploader, declare([bigFile]))).uploads;
    const query = Object.fromEntries(new URL(upload!.parts[0]!.url).searchParams);
    await expect(receiveUploadPart(world.ctx, { artifactId: upload!.artifactId, partNumber: 1, query, declaredLength: undefined, body: Readable.from([Buffer.from('01')]) })).rejects.toBeInstanceOf(
      DomainError,
    );
    expect(world.tables.uploadParts).toEqual([]);
  });

  it('starts anew for another container, a completed upload, or one older than half the abandoned-upload age', async () => {
    const world = await uploadWorld({ mode: 'direct', partSize: 4 });
    const [first] = (await createUploads(world.ctx, world.uploader, declare([bigFile]))).uploads;
    const [otherNode] = (await createUploads(world.ctx, world.uploader, declare([bigFile], 1))).uploads;
    expect(otherNode!.artifactId).not.toBe(first!.artifactId);

    world.clock.advance(12 * HOUR + 1);
    const [late] = (await createUploads(world.ctx, world.uploader, declare([bigFile]))).uploads;
    expect(late!.artifactId).not.toBe(first!.artifactId);

    const row = world.tables.artifacts.find((a) => a.id === late!.artifactId)!;
    Object.assign(row, { completedAt: world.clock.now(), uploadId: null });
    const [afterCompletion] = (await createUploads(world.ctx, world.uploader, declare([bigFile]))).uploads;
    expect([first!.artifactId, late!.artifactId]).not.toContain(afterCompletion!.artifactId);
    expect(afterCompletion!.receivedParts).toEqual([]);
  });

  it('takes part reports only from a caller who may upload to the project, and not for parts the API receives itself', async () => {
    const direct = await uploadWorld({ mode: 'direct', partSize: 4 });
    const [upload] = (await createUploads(direct.ctx, direct.uploader, declare([bigFile]))).uploads;
    const report = { parts: [{ artifactId: upload!.artifactId, partNumber: 1, etag: 'one' }] };
    await expect(recordUploadParts(direct.ctx, direct.readOnly, report)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(recordUploadParts(direct.ctx, direct.outsider, report)).rejects.toMatchObject({ kind: 'not_found' });
    await expect(recordUploadParts(direct.ctx, direct.uploader, { parts: [{ ...report.parts[0]!, partNumber: 4 }] })).rejects.toMatchObject({ kind: 'invalid_input' });
    expect(direct.tables.uploadParts).toEqual([]);

    const streamed = await streamedWorld();
    const [received] = (await createUploads(streamed.ctx, streamed.uploader, declare([bigFile]))).uploads;
    await expect(recordUploadParts(streamed.ctx, streamed.uploader, { parts: [{ artifactId: received!.artifactId, partNumber: 1, etag: 'forged' }] })).rejects.toMatchObject({
      kind: 'invalid_input',
    });
    expect(streamed.tables.uploadParts).toEqual([]);
  });
});
