import crypto from 'node:crypto';
import type { RecordSeeder } from '../testing/record-seeder';
import type { BlobRepository } from './blob.repository';
import type { NewUpload, UploadRepository } from './upload.repository';

const unique = () => crypto.randomBytes(4).toString('hex');
const at = (iso: string) => new Date(iso);

/**
 * What every UploadRepository must answer, run against PostgreSQL (integration) and the in-memory
 * fake (unit), so the fake the upload use cases are tested on cannot drift from the database.
 */
export function describeUploadRepositoryContract(
  name: string,
  setup: () => Promise<{ repository: UploadRepository; blobs: BlobRepository; seed: RecordSeeder; teardown?: () => Promise<void> }>,
) {
  describe(`UploadRepository contract: ${name}`, () => {
    let repository: UploadRepository;
    let blobs: BlobRepository;
    let seed: RecordSeeder;
    let teardown: (() => Promise<void>) | undefined;
    beforeAll(async () => ({ repository, blobs, seed, teardown } = await setup()));
    afterAll(async () => teardown?.());

    async function job() {
      const organization = await seed.organization({ slug: `up-${unique()}`, name: 'Uploads' });
      const project = await seed.project({ organizationId: organization.id, vcsType: 'GITHUB', name: 'app' });
      return seed.job({ projectId: project.id, number: 1 });
    }
    const facts = { sniffedType: null, isText: true, isElfCore: false };
    /** What publish takes for a pending upload, as finalization verified it. */
    const verified = (upload: NewUpload, projectId: string, sha256 = 'f'.repeat(64)) => ({
      id: upload.id,
      pathKey: `${upload.jobId}/${upload.nodeIndex}/${upload.path}`,
      projectId,
      sha256,
      size: upload.size,
      storageKey: upload.storageKey,
      contentType: 'text/plain',
      facts,
    });
    const pending = (jobId: string, overrides: Partial<NewUpload> = {}): NewUpload => {
      const id = crypto.randomUUID();
      return {
        id,
        jobId,
        nodeIndex: 0,
        path: `dir/${unique()}.txt`,
        size: 10,
        sha256: 'a'.repeat(64),
        fileMode: 0o644,
        storageKey: `artifacts/test/${id}`,
        uploadId: crypto.randomUUID(),
        partSize: 4,
        sourceStamp: null,
        createdAt: at('2026-03-01T12:00:00.000Z'),
        expiresAt: at('2026-03-31T12:00:00.000Z'),
        ...overrides,
      };
    };

    test('stores pending uploads with their layout, and finds a part\'s upload by artifact id', async () => {
      const { id: jobId } = await job();
      const upload = pending(jobId, { size: 3 * 1024 ** 3, partSize: 8 * 1024 ** 2 });
      await repository.createPending([upload]);
      expect(await repository.findPartTarget(upload.id)).toEqual({
        state: 'PENDING',
        completed: false,
        uploadId: upload.uploadId,
        size: 3 * 1024 ** 3,
        partSize: 8 * 1024 ** 2,
        storageKey: upload.storageKey,
        path: upload.path,
      });
      expect(await repository.findPartTarget(crypto.randomUUID())).toBeNull();
    });

    test('finds a batch stream\'s files with their project, and completes each once, only while pending', async () => {
      const seeded = await job();
      const [a, b, c] = [pending(seeded.id, { uploadId: null }), pending(seeded.id, { uploadId: null }), pending(seeded.id, { uploadId: null })];
      await repository.createPending([a, b, c]);
      const found = await repository.findBatchFiles([a.id, b.id, crypto.randomUUID()]);
      expect(found.sort((x, y) => (x.id < y.id ? -1 : 1))).toEqual(
        [a, b]
          .map((u) => ({
            id: u.id,
            jobId: seeded.id,
            projectId: seeded.projectId,
            nodeIndex: 0,
            path: u.path,
            size: u.size,
            sha256: u.sha256,
            storageKey: u.storageKey,
            createdAt: u.createdAt,
            state: 'PENDING',
            completed: false,
          }))
          .sort((x, y) => (x.id < y.id ? -1 : 1)),
      );
      await repository.fail([{ id: c.id, reason: 'sha256 mismatch' }]);
      const completion = (id: string) => ({ id, sha256: 'a'.repeat(64) });
      const first = await repository.markBatchCompleted(at('2026-03-02T00:00:00.000Z'), [completion(a.id), completion(c.id)]);
      expect([...first]).toEqual([a.id]);
      // Only with the declared digest.
      expect([...(await repository.markBatchCompleted(at('2026-03-03T00:00:00.000Z'), [{ id: b.id, sha256: 'b'.repeat(64) }]))]).toEqual([]);
      const second = await repository.markBatchCompleted(at('2026-03-03T00:00:00.000Z'), [completion(a.id), completion(b.id)]);
      expect([...second]).toEqual([b.id]);
      const [completed] = await repository.findCompleted([a.id]);
      expect(completed).toMatchObject({ id: a.id, computedSha256: 'a'.repeat(64) });
      expect((await repository.findBatchFiles([a.id]))[0]!.completed).toBe(true);
    });

    test('finds uploads for completion, and records completion once, with expiry from the retention', async () => {
      const { id: jobId } = await job();
      const [a, b] = [pending(jobId), pending(jobId, { sha256: null })];
      await repository.createPending([a, b]);
      const found = await repository.findForCompletion([a.id, b.id, crypto.randomUUID()]);
      expect(found.sort((x, y) => x.id.localeCompare(y.id))).toEqual(
        [a, b]
          .map((u) => ({ id: u.id, jobId, nodeIndex: 0, path: u.path, state: 'PENDING', completedAt: null, uploadId: u.uploadId, size: 10, partSize: 4, storageKey: u.storageKey, sha256: u.sha256 }))
          .sort((x, y) => x.id.localeCompare(y.id)),
      );

      const first = at('2026-03-02T00:00:00.000Z');
      await repository.markCompleted(first, [{ id: a.id, sha256: 'b'.repeat(64), computedSha256: 'c'.repeat(64), retentionDays: 7 }]);
      await repository.markCompleted(at('2026-03-03T00:00:00.000Z'), [{ id: a.id, sha256: 'd'.repeat(64), computedSha256: null, retentionDays: 1 }]);
      const [completed] = await repository.findCompleted([a.id, b.id]);
      expect(completed).toEqual({
        id: a.id,
        jobId,
        projectId: expect.any(String),
        nodeIndex: 0,
        path: a.path,
        size: 10,
        sha256: 'b'.repeat(64),
        computedSha256: 'c'.repeat(64),
        storageKey: a.storageKey,
        createdAt: a.createdAt,
      });
      expect((await repository.findForCompletion([a.id]))[0]).toMatchObject({ completedAt: first, uploadId: null });
      expect(await repository.findPartTarget(a.id)).toMatchObject({ completed: true, uploadId: null });
      expect(await repository.findCompleted([b.id])).toEqual([]);
    });

    test('publishes winners, replaces the available artifact at the same path, and supersedes losers', async () => {
      const { id: jobId, projectId } = await job();
      const old = await seed.artifact({ jobId, path: 'same.txt', state: 'AVAILABLE' });
      const winner = pending(jobId, { path: 'same.txt' });
      const loser = pending(jobId, { path: 'same.txt' });
      await repository.createPending([winner, loser]);
      const now = at('2026-03-02T00:00:00.000Z');
      const result = await repository.publish(now, [verified(winner, projectId)], [loser.id]);
      expect(result).toEqual({ published: new Set([winner.id]), superseded: new Set([loser.id]), replaced: 1, deduplicated: new Set() });
      expect(await repository.findPartTarget(old.id)).toMatchObject({ state: 'DELETING' });
      expect(await repository.findPartTarget(winner.id)).toMatchObject({ state: 'AVAILABLE' });
      expect(await repository.findPartTarget(loser.id)).toMatchObject({ state: 'DELETING' });
      // Publishing again changes nothing: the winner is no longer pending.
      expect(await repository.publish(now, [verified(winner, projectId)], [])).toEqual({
        published: new Set(),
        superseded: new Set(),
        replaced: 0,
        deduplicated: new Set(),
      });
    });

    test('keeps identical bytes once per project: the first upload\'s object becomes the blob, later ones are orphaned', async () => {
      const { id: jobId, projectId } = await job();
      const [first, second, third] = [pending(jobId), pending(jobId), pending(jobId)];
      await repository.createPending([first, second, third]);
      const now = at('2026-03-02T00:00:00.000Z');
      // Two of one digest in the same batch, then a third later: one blob, the first object kept.
      const batch = await repository.publish(now, [verified(first, projectId, '1'.repeat(64)), verified(second, projectId, '1'.repeat(64))], []);
      expect(batch.published).toEqual(new Set([first.id, second.id]));
      expect(batch.deduplicated.size).toBe(1);
      const later = await repository.publish(now, [verified(third, projectId, '1'.repeat(64))], []);
      expect(later.deduplicated).toEqual(new Set([third.id]));
      const [blob] = await blobs.findStored(projectId, [{ sha256: '1'.repeat(64), size: 10 }]);
      expect(blob).toMatchObject({ projectId, sha256: '1'.repeat(64), size: 10, state: 'AVAILABLE', isText: true });
      expect([first.storageKey, second.storageKey]).toContain(blob!.storageKey);
      for (const upload of [first, second, third]) expect((await blobs.findByArtifact(upload.id))?.id).toBe(blob!.id);
      const orphaned = await blobs.listOrphanedObjects(10_000);
      expect(orphaned).toEqual(expect.arrayContaining([first.storageKey, second.storageKey, third.storageKey].filter((key) => key !== blob!.storageKey)));
      expect(orphaned).not.toContain(blob!.storageKey);
      // Another project's identical bytes are its own blob.
      const other = await job();
      const elsewhere = pending(other.id);
      await repository.createPending([elsewhere]);
      expect((await repository.publish(now, [verified(elsewhere, other.projectId, '1'.repeat(64))], [])).deduplicated).toEqual(new Set());
      expect((await blobs.findByArtifact(elsewhere.id))?.storageKey).toBe(elsewhere.storageKey);
    });

    test('a claim refers an available artifact to a held blob, replacing the path; a DELETING blob is missed', async () => {
      const { id: jobId, projectId } = await job();
      const now = at('2026-03-02T00:00:00.000Z');
      const held = await seed.blob({ projectId, sha256: '2'.repeat(64), size: 10, storageKey: `artifacts/test/${unique()}` });
      const gone = await seed.blob({ projectId, sha256: '3'.repeat(64), size: 10, storageKey: `artifacts/test/${unique()}`, state: 'DELETING' });
      const old = await seed.artifact({ jobId, path: 'kept.txt', state: 'AVAILABLE' });
      const claim = (blob: { id: string; storageKey: string; sha256: string }, path: string) => ({
        id: crypto.randomUUID(),
        jobId,
        nodeIndex: 0,
        path,
        pathKey: `${jobId}/0/${path}`,
        size: 10,
        sha256: blob.sha256,
        fileMode: 0o755,
        contentType: 'text/plain',
        blobId: blob.id,
        storageKey: blob.storageKey,
        createdAt: now,
        expiresAt: at('2026-04-01T00:00:00.000Z'),
      });
      const won = claim(held, 'kept.txt');
      const missed = claim(gone, 'missed.txt');
      expect(await repository.claim(now, [won, missed])).toEqual({ claimed: new Set([won.id]), replaced: 1 });
      expect(await repository.findPartTarget(won.id)).toEqual({ state: 'AVAILABLE', completed: true, uploadId: null, size: 10, partSize: 10, storageKey: held.storageKey, path: 'kept.txt' });
      expect(await repository.findPartTarget(old.id)).toMatchObject({ state: 'DELETING' });
      expect(await repository.findPartTarget(missed.id)).toBeNull();
      expect((await blobs.findByArtifact(won.id))?.id).toBe(held.id);
    });

    test('a pending claim turns a declared, uncompleted upload into an available artifact of the blob; a completed one, another digest or a DELETING blob is missed', async () => {
      const { id: jobId, projectId } = await job();
      const now = at('2026-03-02T00:00:00.000Z');
      const blob = await seed.blob({ projectId, sha256: '4'.repeat(64), size: 10, storageKey: `artifacts/test/${unique()}` });
      const gone = await seed.blob({ projectId, sha256: '5'.repeat(64), size: 10, storageKey: `artifacts/test/${unique()}`, state: 'DELETING' });
      const [open, completed, declaredOther, onGone] = [pending(jobId, { sha256: null }), pending(jobId, { sha256: null }), pending(jobId, { sha256: '6'.repeat(64) }), pending(jobId, { sha256: null })];
      await repository.createPending([open, completed, declaredOther, onGone]);
      await repository.markCompleted(now, [{ id: completed.id, sha256: '4'.repeat(64), computedSha256: null, retentionDays: 1 }]);
      const claim = (upload: NewUpload, target: { id: string; storageKey: string; sha256: string }) => ({
        id: upload.id,
        pathKey: `${jobId}/0/${upload.path}`,
        sha256: target.sha256,
        blobId: target.id,
        storageKey: target.storageKey,
        contentType: 'application/x-tar',
      });
      const result = await repository.claimPending(now, [claim(open, blob), claim(completed, blob), claim(declaredOther, blob), claim(onGone, gone)]);
      expect(result).toEqual({ claimed: new Set([open.id]), replaced: 0 });
      expect(await repository.findPartTarget(open.id)).toEqual({ state: 'AVAILABLE', completed: true, uploadId: null, size: 10, partSize: 4, storageKey: blob.storageKey, path: open.path });
      expect((await blobs.findByArtifact(open.id))?.id).toBe(blob.id);
      for (const missed of [completed, declaredOther, onGone]) expect(await repository.findPartTarget(missed.id)).toMatchObject({ state: 'PENDING' });
    });

    test('fails only pending uploads, answering their keys', async () => {
      const { id: jobId } = await job();
      const upload = pending(jobId);
      await repository.createPending([upload]);
      const available = await seed.artifact({ jobId, path: 'kept.txt', state: 'AVAILABLE' });
      expect(await repository.fail([{ id: upload.id, reason: 'sha256 mismatch' }, { id: available.id, reason: 'no' }])).toEqual([{ id: upload.id, storageKey: upload.storageKey }]);
      expect(await repository.findPartTarget(upload.id)).toMatchObject({ state: 'FAILED' });
      expect(await repository.findPartTarget(available.id)).toMatchObject({ state: 'AVAILABLE' });
    });

    test('finds abandoned uploads before a cutoff, minus exclusions, and deletes only uncompleted rows', async () => {
      const { id: jobId } = await job();
      // Far in the past, so uploads other tests leave behind do not crowd these out of the limit.
      const old = at('2001-01-01T00:00:00.000Z');
      const [a, b, fresh, done] = [pending(jobId, { createdAt: old }), pending(jobId, { createdAt: old }), pending(jobId, { createdAt: at('2026-03-01T00:00:00.000Z') }), pending(jobId, { createdAt: old })];
      await repository.createPending([a, b, fresh, done]);
      await repository.markCompleted(old, [{ id: done.id, sha256: 'a'.repeat(64), computedSha256: null, retentionDays: 1 }]);
      const cutoff = at('2001-01-02T00:00:00.000Z');
      const found = await repository.findAbandoned(cutoff, [b.id], 1000);
      expect(found.filter((f) => [a.id, b.id, fresh.id, done.id].includes(f.id))).toEqual([{ id: a.id, storageKey: a.storageKey, uploadId: a.uploadId }]);
      expect(await repository.isUploadKnown(a.storageKey, a.uploadId!)).toBe(true);
      expect(await repository.isUploadKnown(a.storageKey, crypto.randomUUID())).toBe(false);
      await repository.deleteAbandoned([a.id, done.id]);
      expect(await repository.findPartTarget(a.id)).toBeNull();
      expect(await repository.findPartTarget(done.id)).not.toBeNull();
    });

    test('keeps a ledger of received parts (a part sent again replaces its entry), ignoring uploads completed or gone', async () => {
      const { id: jobId } = await job();
      const [upload, done] = [pending(jobId, { sourceStamp: '10:1' }), pending(jobId)];
      await repository.createPending([upload, done]);
      await repository.markCompleted(at('2026-03-02T00:00:00.000Z'), [{ id: done.id, sha256: 'a'.repeat(64), computedSha256: null, retentionDays: 1 }]);
      const received = at('2026-03-01T12:01:00.000Z');
      await repository.recordParts([
        { artifactId: upload.id, partNumber: 2, size: 4, etag: 'first', receivedAt: received },
        { artifactId: upload.id, partNumber: 1, size: 4, etag: 'one', receivedAt: received },
        { artifactId: done.id, partNumber: 1, size: 4, etag: 'late', receivedAt: received },
        { artifactId: crypto.randomUUID(), partNumber: 1, size: 4, etag: 'nobody', receivedAt: received },
      ]);
      await repository.recordParts([{ artifactId: upload.id, partNumber: 2, size: 4, etag: 'again', receivedAt: received }]);
      const found = await repository.findResumable({ jobId, nodeIndex: 0, paths: [upload.path, done.path], createdAfter: at('2026-03-01T00:00:00.000Z') });
      expect(found).toEqual([
        {
          id: upload.id,
          path: upload.path,
          size: 10,
          sha256: upload.sha256,
          storageKey: upload.storageKey,
          createdAt: upload.createdAt,
          uploadId: upload.uploadId,
          partSize: 4,
          sourceStamp: '10:1',
          parts: [
            { partNumber: 1, size: 4, etag: 'one' },
            { partNumber: 2, size: 4, etag: 'again' },
          ],
        },
      ]);
    });

    test('finds resumable uploads only in the same container, at the given paths, created after the horizon, newest first', async () => {
      const { id: jobId } = await job();
      const older = pending(jobId, { path: 'same.bin', createdAt: at('2026-03-01T10:00:00.000Z') });
      const newer = pending(jobId, { path: 'same.bin', createdAt: at('2026-03-01T11:00:00.000Z') });
      const tooOld = pending(jobId, { path: 'same.bin', createdAt: at('2026-02-01T00:00:00.000Z') });
      const otherNode = pending(jobId, { path: 'same.bin', nodeIndex: 1 });
      const otherPath = pending(jobId, { path: 'other.bin' });
      const failed = pending(jobId, { path: 'same.bin' });
      await repository.createPending([older, newer, tooOld, otherNode, otherPath, failed]);
      await repository.fail([{ id: failed.id, reason: 'no' }]);
      const found = await repository.findResumable({ jobId, nodeIndex: 0, paths: ['same.bin'], createdAfter: at('2026-02-15T00:00:00.000Z') });
      expect(found.map((u) => u.id)).toEqual([newer.id, older.id]);
      expect(found[0]!.parts).toEqual([]);
      expect(await repository.findResumable({ jobId, nodeIndex: 0, paths: [], createdAfter: at('2001-01-01T00:00:00.000Z') })).toEqual([]);
    });

    test('finds completed uploads still pending since before a cutoff', async () => {
      const { id: jobId } = await job();
      const [stalled, recent] = [pending(jobId), pending(jobId)];
      await repository.createPending([stalled, recent]);
      await repository.markCompleted(at('2001-01-01T00:00:00.000Z'), [{ id: stalled.id, sha256: 'a'.repeat(64), computedSha256: null, retentionDays: 1 }]);
      await repository.markCompleted(at('2100-01-01T00:00:00.000Z'), [{ id: recent.id, sha256: 'a'.repeat(64), computedSha256: null, retentionDays: 1 }]);
      const ids = await repository.findStalledCompleted(at('2001-01-01T00:01:00.000Z'), 10_000);
      expect(ids).toContain(stalled.id);
      expect(ids).not.toContain(recent.id);
    });
  });
}
