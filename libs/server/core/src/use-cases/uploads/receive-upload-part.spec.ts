import { Readable } from 'node:stream';
import { createUploads } from './create-uploads';
import { receiveUploadPart } from './receive-upload-part';
import { PROJECT_REF, SHA, TTL_SECONDS, uploadWorld, domainErrorOf } from './upload-world.spec-helper';

async function target(size = 10) {
  const world = await uploadWorld({ mode: 'streamed' });
  const response = await createUploads(world.ctx, world.uploader, { project: PROJECT_REF, jobNumber: 42, nodeIndex: 0, files: [{ path: 'a.bin', size, sha256: SHA, fileMode: 0o644 }] });
  const [upload] = response.uploads;
  const query = Object.fromEntries(new URL(upload!.parts[0]!.url).searchParams);
  const part = (body: Buffer, extra: { declaredLength?: number; query?: Record<string, string> } = {}) =>
    receiveUploadPart(world.ctx, { artifactId: upload!.artifactId, partNumber: 1, query: extra.query ?? query, declaredLength: extra.declaredLength, body: Readable.from([body]) });
  return { ...world, artifactId: upload!.artifactId, query, part };
}

describe('receiveUploadPart', () => {
  it('streams a part sent to its signed target into the upload and answers its ETag', async () => {
    const world = await target();
    const { etag } = await world.part(Buffer.from('0123456789'), { declaredLength: 10 });
    const [[, , partNumber, length]] = world.storage.callsTo('receivePart') as [[string, unknown, number, number]];
    expect({ partNumber, length }).toEqual({ partNumber: 1, length: 10 });
    expect(etag).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a target that is unsigned, forged or expired as forbidden, before looking the upload up', async () => {
    const world = await target();
    const lookups = jest.spyOn(world.ctx.uploads, 'findPartTarget');
    expect(await domainErrorOf(world.part(Buffer.alloc(10), { query: {} }))).toMatchObject({ kind: 'forbidden', message: 'the upload URL is not signed' });
    expect(await domainErrorOf(world.part(Buffer.alloc(10), { query: { ...world.query, length: '11' } }))).toMatchObject({ kind: 'forbidden', message: 'the upload URL signature is invalid' });
    world.clock.advance((TTL_SECONDS + 1) * 1000);
    expect(await domainErrorOf(world.part(Buffer.alloc(10)))).toMatchObject({ kind: 'forbidden', message: 'the upload URL has expired' });
    expect(lookups).not.toHaveBeenCalled();
    expect(world.storage.callsTo('receivePart')).toEqual([]);
  });

  it('refuses a request declaring more bytes than the target allows as payload_too_large, reading nothing', async () => {
    const world = await target();
    expect((await domainErrorOf(world.part(Buffer.alloc(11), { declaredLength: 11 }))).kind).toBe('payload_too_large');
    expect(world.storage.callsTo('receivePart')).toEqual([]);
  });

  it('turns a body longer than declared into payload_too_large, and a shorter one into invalid_input, naming the path', async () => {
    const world = await target();
    expect(await domainErrorOf(world.part(Buffer.alloc(12)))).toMatchObject({ kind: 'payload_too_large', message: 'part 1 of "a.bin" is limited to 10 bytes' });
    expect(await domainErrorOf(world.part(Buffer.alloc(4)))).toMatchObject({ kind: 'invalid_input', message: 'part 1 of "a.bin" ended before 10 bytes' });
  });

  it('answers not_found for an upload that is gone or no longer pending, and conflict once it is complete', async () => {
    const world = await target();
    const row = world.tables.artifacts[0]!;
    world.storage.uploads.clear();
    expect((await domainErrorOf(world.part(Buffer.alloc(10)))).kind).toBe('not_found');
    Object.assign(row, { completedAt: new Date(), uploadId: null });
    expect(await domainErrorOf(world.part(Buffer.alloc(10)))).toMatchObject({ kind: 'conflict', message: `upload ${world.artifactId} is already complete` });
    row.state = 'DELETING';
    expect((await domainErrorOf(world.part(Buffer.alloc(10)))).kind).toBe('not_found');
  });
});
