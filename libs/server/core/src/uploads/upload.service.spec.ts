import type { CompleteUploadsRequest, ProjectRef } from '@stowage/contracts';
import { DomainError, ManualClock, forbidden } from '@stowage/domain';
import type { Db, Sql } from '@stowage/server-db';
import type { TaskQueue } from '@stowage/server-queue';
import { StorageError } from '@stowage/server-storage';
import type { AccessService, ProjectWithOrganization } from '../access/access.service';
import type { Principal } from '@stowage/domain';
import { FakeQueue, FakeStorage } from '../fake-storage.spec-helper';
import type { JobRepository } from '@stowage/server-db';
import { PartUrlSigner } from './part-url-signer';
import { UploadService, formatBytes, storageKeyFor, type CreateUploadsInput } from './upload.service';

const MiB = 1024 * 1024;
const DAY_MS = 24 * 3600_000;
const NOW = new Date('2026-03-01T12:00:00Z');
const TTL_SECONDS = 900;
const LIMIT = 5 * MiB;
const SHA = 'a'.repeat(64);
const JOB_ID = '11111111-1111-4111-8111-111111111111';
const PRINCIPAL: Principal = { kind: 'project-token', projectId: 'project-1', scope: 'UPLOAD', tokenId: 'tok-1', userId: 'user-1' };
const PROJECT_REF: ProjectRef = { vcsType: 'github', organization: 'acme', project: 'app' };

function projectRow(id = 'project-1', retentionDays = 30): ProjectWithOrganization {
  return {
    id,
    organizationId: 'org-1',
    vcsType: 'GITHUB',
    name: id,
    isPrivate: true,
    createdAt: NOW,
    organization: { id: 'org-1', slug: 'acme', name: 'Acme', artifactRetentionDays: retentionDays, createdAt: NOW },
  };
}

type ArtifactRow = Record<string, unknown> & { id: string; state: string; completedAt: Date | null; uploadId: string | null; size: bigint; partSize: bigint; storageKey: string };

/** The artifact calls UploadService makes, over rows kept in memory (each row belongs to `project`). */
function fakeDb(projectFor: (row: ArtifactRow) => ProjectWithOrganization) {
  const rows = new Map<string, ArtifactRow>();
  const updates: Array<{ id: string; data: Record<string, unknown> }> = [];
  const createManyCalls: ArtifactRow[][] = [];
  const db = {
    artifact: {
      createMany: async ({ data }: { data: ArtifactRow[] }) => {
        createManyCalls.push(data);
        for (const row of data) rows.set(row.id, { ...row, completedAt: row.completedAt ?? null });
        return { count: data.length };
      },
      findMany: async ({ where }: { where: { id: { in: string[] } } }) =>
        [...rows.values()].filter((row) => where.id.in.includes(row.id)).map((row) => ({ ...row, job: { id: row.jobId, project: projectFor(row) } })),
      findUnique: async ({ where }: { where: { id: string } }) => rows.get(where.id) ?? null,
      update: async ({ where, data }: { where: { id: string }; data: Record<string, unknown> }) => {
        const row = rows.get(where.id);
        if (!row) throw new Error(`no artifact ${where.id}`);
        Object.assign(row, data);
        updates.push({ id: where.id, data });
        return row;
      },
    },
    /**
     * The batch completion statement (`UPDATE artifacts ... FROM unnest(ids, declared, shas, days)
     * ... WHERE completed_at IS NULL`), applied to the rows with the values it was given: the
     * completion time and the four parallel arrays.
     */
    $executeRaw: async (strings: TemplateStringsArray, ...values: unknown[]) => {
      const sql = strings.join('?');
      if (!/UPDATE artifacts/.test(sql) || !/completed_at IS NULL/.test(sql)) throw new Error(`unexpected SQL: ${sql}`);
      const now = values.find((value): value is Date => value instanceof Date)!;
      const [ids, declared, shas, days] = values.filter(Array.isArray) as [string[], string[], Array<string | null>, number[]];
      let count = 0;
      ids.forEach((id, i) => {
        const row = rows.get(id);
        if (!row || row.completedAt) return;
        const data = { completedAt: now, uploadId: null, sha256: declared[i], computedSha256: shas[i], expiresAt: new Date(now.getTime() + days[i] * DAY_MS) };
        Object.assign(row, data);
        updates.push({ id, data });
        count++;
      });
      return count;
    },
  };
  return { db: db as unknown as Db, rows, updates, createManyCalls };
}

interface SetupOptions {
  presigns?: boolean;
  partSize?: number;
  denyWith?: DomainError;
  projectFor?: (row: ArtifactRow) => ProjectWithOrganization;
}

function setup(options: SetupOptions = {}) {
  const clock = new ManualClock(NOW);
  const storage = new FakeStorage(options.presigns ?? false, options.partSize ?? 64 * MiB);
  const queue = new FakeQueue();
  const project = projectRow();
  const { db, rows, updates, createManyCalls } = fakeDb(options.projectFor ?? (() => project));
  const accessCalls: Array<{ method: string; project: unknown; principal: Principal; permission: string }> = [];
  /** What the fake access service refuses with; a test may change it between calls. */
  const accessState = { denyWith: options.denyWith };
  const access = {
    requireProject: async (ref: ProjectRef, principal: Principal, permission: string) => {
      accessCalls.push({ method: 'requireProject', project: ref, principal, permission });
      if (accessState.denyWith) throw accessState.denyWith;
      return { project, role: null };
    },
    authorizeProject: async (p: ProjectWithOrganization, principal: Principal, permission: string) => {
      accessCalls.push({ method: 'authorizeProject', project: p.id, principal, permission });
      if (accessState.denyWith) throw accessState.denyWith;
      return { project: p, role: null };
    },
  } as unknown as AccessService;
  const ensuredJobs: unknown[][] = [];
  const jobs = {
    ensure: async (...args: unknown[]) => {
      ensuredJobs.push(args);
      return { id: JOB_ID };
    },
  } as unknown as JobRepository;
  const signer = new PartUrlSigner('signing-secret', 'https://stowage.example');
  const warnings: Array<{ object: object; message: string }> = [];
  const service = new UploadService(
    db,
    // Only the part PUT uses plain SQL; the API integration tests run it.
    {} as Sql,
    storage,
    queue as unknown as TaskQueue,
    access,
    jobs,
    signer,
    clock,
    { maxArtifactBytes: LIMIT, targetTtlSeconds: TTL_SECONDS },
    { warn: (object, message) => warnings.push({ object, message }) },
  );
  return { service, storage, queue, clock, rows, updates, createManyCalls, accessCalls, accessState, ensuredJobs, signer, warnings, project };
}

const file = (path: string, size = 10, extra: Partial<CreateUploadsInput['files'][number]> = {}) => ({ path, size, sha256: SHA, fileMode: 0o644, ...extra });
const input = (files: CreateUploadsInput['files'], extra: Partial<CreateUploadsInput> = {}): CreateUploadsInput => ({
  project: PROJECT_REF,
  jobNumber: 42,
  nodeIndex: 0,
  files,
  ...extra,
});

async function domainError(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a DomainError, but the call succeeded');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw error;
  return error;
}

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1023, '1023 bytes'],
    [1024, '1 KiB'],
    [1536, '1.50 KiB'],
    [5 * MiB, '5 MiB'],
    [3 * 1024 * MiB, '3 GiB'],
    [1024 * 1024 * 1024 * MiB, '1024 TiB'],
  ])('formats %d as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('storageKeyFor', () => {
  it('builds the key from the organization, project, job and artifact ids in that order', () => {
    expect(storageKeyFor({ organizationId: 'o', projectId: 'p', jobId: 'j', artifactId: 'a' })).toBe('artifacts/o/p/j/a');
  });
});

describe('UploadService.createUploads', () => {
  it('checks upload permission on the requested project before anything else', async () => {
    const { service, accessCalls } = setup();
    await service.createUploads(PRINCIPAL, input([file('a.txt')]));
    expect(accessCalls).toEqual([{ method: 'requireProject', project: PROJECT_REF, principal: PRINCIPAL, permission: 'upload' }]);
  });

  it('creates nothing when access is refused', async () => {
    const { service, storage, createManyCalls, ensuredJobs } = setup({ denyWith: forbidden('nope') });
    expect((await domainError(service.createUploads(PRINCIPAL, input([file('a.txt')])))).kind).toBe('forbidden');
    expect(storage.calls).toEqual([]);
    expect(createManyCalls).toEqual([]);
    expect(ensuredJobs).toEqual([]);
  });

  it('refuses invalid paths as invalid_input with a detail naming each bad path, and creates nothing', async () => {
    const { service, storage, createManyCalls, ensuredJobs } = setup();
    const error = await domainError(service.createUploads(PRINCIPAL, input([file('/etc/passwd'), file('ok/fine.txt'), file('a/../b'), file('')])));
    expect(error.kind).toBe('invalid_input');
    expect(error.details?.map((d) => d.path)).toEqual(['files.0.path', 'files.2.path', 'files.3.path']);
    expect(error.details?.[0].message).toContain('"/etc/passwd"');
    expect(error.details?.[1].message).toContain('"a/../b"');
    expect(error.details?.[2].message).toContain('""');
    expect(error.message).toContain('/etc/passwd');
    expect(storage.calls).toEqual([]);
    expect(createManyCalls).toEqual([]);
    expect(ensuredJobs).toEqual([]);
  });

  it('refuses the same path twice in one request, naming it', async () => {
    const { service, createManyCalls } = setup();
    const error = await domainError(service.createUploads(PRINCIPAL, input([file('dup.txt'), file('other.txt'), file('dup.txt', 20)])));
    expect(error.kind).toBe('invalid_input');
    expect(error.message).toBe('artifact path "dup.txt" appears twice in one request');
    expect(createManyCalls).toEqual([]);
  });

  it('treats paths differing only in Unicode normalisation as different artifacts', async () => {
    const { service } = setup();
    const response = await service.createUploads(PRINCIPAL, input([file('caf\u00e9.txt'), file('cafe\u0301.txt')]));
    expect(response.uploads).toHaveLength(2);
  });

  it('refuses a file over the size limit as payload_too_large, stating the limit in bytes', async () => {
    const { service, storage, createManyCalls } = setup();
    const error = await domainError(service.createUploads(PRINCIPAL, input([file('small.txt'), file('huge.bin', LIMIT + 1)])));
    expect(error.kind).toBe('payload_too_large');
    expect(error.message).toContain(`${LIMIT} bytes`);
    expect(error.message).toContain('"huge.bin"');
    expect(error.message).toContain('5 MiB');
    expect(storage.calls).toEqual([]);
    expect(createManyCalls).toEqual([]);
  });

  it('accepts a file of exactly the size limit', async () => {
    const { service } = setup();
    await expect(service.createUploads(PRINCIPAL, input([file('max.bin', LIMIT)]))).resolves.toMatchObject({ uploads: [{ path: 'max.bin' }] });
  });

  it('creates the job with its description and inserts one pending artifact per file, keyed by ids only', async () => {
    const { service, storage, createManyCalls, ensuredJobs, project } = setup();
    const response = await service.createUploads(
      PRINCIPAL,
      input([file('secret-dir/report.html', 10, { fileMode: 0o755 }), file('b.txt', 0)], { nodeIndex: 3, job: { name: 'build', branch: 'main' } }),
    );
    expect(ensuredJobs).toEqual([[project.id, 42, { name: 'build', branch: 'main' }, expect.any(Date)]]);
    expect(response.jobId).toBe(JOB_ID);
    expect(createManyCalls).toHaveLength(1);
    const rows = createManyCalls[0];
    expect(rows.map((row) => row.id)).toEqual(response.uploads.map((upload) => upload.artifactId));
    expect(rows[0]).toEqual({
      id: response.uploads[0].artifactId,
      jobId: JOB_ID,
      nodeIndex: 3,
      path: 'secret-dir/report.html',
      size: 10n,
      sha256: SHA,
      fileMode: 0o755,
      storageKey: `artifacts/org-1/project-1/${JOB_ID}/${response.uploads[0].artifactId}`,
      uploadId: 'upload-1',
      partSize: BigInt(64 * MiB),
      state: 'PENDING',
      createdAt: NOW,
      expiresAt: new Date(NOW.getTime() + 30 * DAY_MS),
    });
    for (const row of rows) {
      expect(row.storageKey).not.toMatch(/secret-dir|report|b\.txt/);
    }
    expect(storage.callsTo('createMultipartUpload').map(([key]) => key)).toEqual(rows.map((row) => row.storageKey));
    expect(new Set(rows.map((row) => row.id)).size).toBe(2);
  });

  it('gives a presigning driver’s URLs and headers, placed by part number with offsets and lengths for a multi-part size', async () => {
    const partSize = 2 * MiB;
    const size = 2 * partSize + 123;
    const { service, storage } = setup({ presigns: true, partSize });
    const response = await service.createUploads(PRINCIPAL, input([file('big.bin', size)]));
    const [upload] = response.uploads;
    const key = `artifacts/org-1/project-1/${JOB_ID}/${upload.artifactId}`;
    // The fake driver returns the last part first: each target is placed by its own part number.
    const byNumber = [...upload.parts].sort((x, y) => x.partNumber - y.partNumber);
    expect(byNumber).toEqual([1, 2, 3].map((n) => ({
      partNumber: n,
      method: 'PUT',
      url: `https://s3.example/bucket/${key}?uploadId=upload-1&partNumber=${n}&X-Amz-Expires=${TTL_SECONDS}`,
      headers: { 'x-fake-signed': `part-${n}` },
      offset: (n - 1) * partSize,
      length: n < 3 ? partSize : 123,
    })));
    expect(upload.parts.reduce((sum, part) => sum + part.length, 0)).toBe(size);
    expect(storage.callsTo('presignParts')).toEqual([[key, { uploadId: 'upload-1', partSize, partCount: 3 }, size, TTL_SECONDS]]);
    expect(upload.targetsExpireAt).toBe(new Date(NOW.getTime() + TTL_SECONDS * 1000).toISOString());
  });

  it('gives a non-presigning driver signed API URLs, one per part, that verify until the targets expire', async () => {
    const partSize = 4;
    const { service, storage, signer } = setup({ presigns: false, partSize });
    const response = await service.createUploads(PRINCIPAL, input([file('data.bin', 10)]));
    const [upload] = response.uploads;
    expect(storage.callsTo('presignParts')).toEqual([]);
    expect(upload.parts.map(({ partNumber, offset, length, method, headers }) => ({ partNumber, offset, length, method, headers }))).toEqual([
      { partNumber: 1, offset: 0, length: 4, method: 'PUT', headers: { 'content-type': 'application/octet-stream' } },
      { partNumber: 2, offset: 4, length: 4, method: 'PUT', headers: { 'content-type': 'application/octet-stream' } },
      { partNumber: 3, offset: 8, length: 2, method: 'PUT', headers: { 'content-type': 'application/octet-stream' } },
    ]);
    const expiresAt = new Date(upload.targetsExpireAt);
    expect(expiresAt.getTime()).toBe(NOW.getTime() + TTL_SECONDS * 1000);
    for (const part of upload.parts) {
      const url = new URL(part.url);
      expect(url.origin + url.pathname).toBe(`https://stowage.example/api/stowage/v1/uploads/${upload.artifactId}/parts/${part.partNumber}`);
      const query = Object.fromEntries(url.searchParams);
      expect(query.length).toBe(String(part.length));
      expect(signer.check(upload.artifactId, part.partNumber, query, NOW)).toBeNull();
      expect(signer.check(upload.artifactId, part.partNumber, query, new Date(expiresAt.getTime() + 1000))).toBe('the upload URL has expired');
    }
  });

  it('uses the organization’s retention for the artifact’s expiry', async () => {
    const { service, createManyCalls, project } = setup();
    project.organization.artifactRetentionDays = 7;
    await service.createUploads(PRINCIPAL, input([file('a.txt')]));
    expect(createManyCalls[0][0].expiresAt).toEqual(new Date(NOW.getTime() + 7 * DAY_MS));
  });
});

describe('UploadService.completeUploads', () => {
  async function created(options: SetupOptions = {}, files = [file('a.txt', 10)]) {
    const context = setup(options);
    const response = await context.service.createUploads(PRINCIPAL, input(files));
    context.storage.calls.length = 0;
    return { ...context, response };
  }
  const completion = (artifactId: string, parts = [{ partNumber: 1, etag: 'b'.repeat(64) }]): CompleteUploadsRequest => ({
    uploads: [{ artifactId, parts }],
  });

  it('completes the multipart upload, records completion and enqueues finalization under an idempotent task id', async () => {
    const { service, storage, queue, clock, updates, response, rows } = await created();
    const { artifactId } = response.uploads[0];
    const row = rows.get(artifactId)!;
    clock.advance(60_000);
    const later = clock.now();

    const result = await service.completeUploads(PRINCIPAL, completion(artifactId));

    expect(result).toEqual({ uploads: [{ artifactId, state: 'pending' }] });
    expect(storage.callsTo('completeMultipartUpload')).toEqual([
      [row.storageKey, { uploadId: 'upload-1', partSize: 64 * MiB, partCount: 1 }, [{ partNumber: 1, etag: 'b'.repeat(64) }]],
    ]);
    expect(updates).toEqual([
      {
        id: artifactId,
        data: { completedAt: later, uploadId: null, sha256: SHA, computedSha256: 'b'.repeat(64), expiresAt: new Date(later.getTime() + 30 * DAY_MS) },
      },
    ]);
    expect(queue.enqueued).toEqual([{ name: 'finalize-uploads', payload: { artifactIds: [artifactId] }, taskId: `finalize-${artifactId}` }]);
  });

  describe('a sha256 declared at completion', () => {
    const OTHER = 'd'.repeat(64);

    it('is recorded for an upload created without one', async () => {
      const { service, updates, response } = await created({}, [file('late.txt', 10, { sha256: undefined })]);
      const { artifactId } = response.uploads[0];
      await service.completeUploads(PRINCIPAL, { uploads: [{ ...completion(artifactId).uploads[0], sha256: OTHER }] });
      expect(updates[0].data.sha256).toBe(OTHER);
    });

    it('is required when creation declared none: invalid_input, and the upload stays open', async () => {
      const { service, storage, updates, queue, response } = await created({}, [file('late.txt', 10, { sha256: undefined })]);
      const error = await domainError(service.completeUploads(PRINCIPAL, completion(response.uploads[0].artifactId)));
      expect(error).toMatchObject({ kind: 'invalid_input', message: expect.stringContaining('created without a sha256') });
      expect(storage.callsTo('completeMultipartUpload')).toEqual([]);
      expect(updates).toEqual([]);
      expect(queue.enqueued).toEqual([]);
    });

    it('must agree with the one declared at creation', async () => {
      const { service, storage, updates, response } = await created();
      const { artifactId } = response.uploads[0];
      const error = await domainError(service.completeUploads(PRINCIPAL, { uploads: [{ ...completion(artifactId).uploads[0], sha256: OTHER }] }));
      expect(error).toMatchObject({ kind: 'invalid_input', message: expect.stringContaining(`created with sha256 ${SHA} and completed with ${OTHER}`) });
      expect(storage.callsTo('completeMultipartUpload')).toEqual([]);
      expect(updates).toEqual([]);
      await service.completeUploads(PRINCIPAL, { uploads: [{ ...completion(artifactId).uploads[0], sha256: SHA }] });
      expect(updates[0].data.sha256).toBe(SHA);
    });
  });

  it('takes a single streamed part’s ETag without quotes as the SHA-256', async () => {
    const { service, updates, response } = await created();
    const { artifactId } = response.uploads[0];
    await service.completeUploads(PRINCIPAL, completion(artifactId, [{ partNumber: 1, etag: `"${'c'.repeat(64)}"` }]));
    expect(updates[0].data.computedSha256).toBe('c'.repeat(64));
  });

  it('completes every upload of a batch and answers in the order of the request', async () => {
    const { service, storage, queue, response } = await created({}, [file('a.txt'), file('b.txt'), file('c.txt')]);
    const ids = response.uploads.map((upload) => upload.artifactId).reverse();
    const result = await service.completeUploads(PRINCIPAL, { uploads: ids.map((artifactId) => ({ artifactId, parts: [{ partNumber: 1, etag: 'e' }] })) });
    expect(result.uploads.map((upload) => upload.artifactId)).toEqual(ids);
    expect(storage.callsTo('completeMultipartUpload')).toHaveLength(3);
    // One finalization task for the batch, named after its first artifact.
    expect(queue.enqueued).toHaveLength(1);
    const [task] = queue.enqueued as Array<{ name: string; payload: { artifactIds: string[] }; taskId: string }>;
    expect(task.name).toBe('finalize-uploads');
    expect([...task.payload.artifactIds].sort()).toEqual([...ids].sort());
    expect(task.taskId).toBe(`finalize-${task.payload.artifactIds[0]}`);
  });

  it('records the uploads a batch did complete even when another upload in it cannot be completed', async () => {
    const { service, storage, rows, response } = await created({}, [file('a.txt'), file('b.txt')]);
    const [a, b] = response.uploads.map((upload) => upload.artifactId);
    const complete = storage.completeMultipartUpload.bind(storage);
    storage.completeMultipartUpload = async (key, upload, parts) => {
      if (key === rows.get(b)!.storageKey) throw new StorageError('PART_MISMATCH', 'part 1 has another ETag');
      return complete(key, upload, parts);
    };
    const request: CompleteUploadsRequest = {
      uploads: [a, b].map((artifactId) => ({ artifactId, parts: [{ partNumber: 1, etag: 'e' }] })),
    };
    expect((await domainError(service.completeUploads(PRINCIPAL, request))).kind).toBe('invalid_input');
    // The object of `a` is now complete in storage: its row must say so, or a retry would try to
    // complete a multipart upload that no longer exists and `a` would stay pending for ever.
    expect(rows.get(a)).toMatchObject({ completedAt: NOW, uploadId: null });
    expect(rows.get(b)).toMatchObject({ completedAt: null, uploadId: expect.any(String) });
  });

  it('does not take a presigned part’s ETag for the SHA-256', async () => {
    const { service, updates, response } = await created({ presigns: true, partSize: 64 * MiB });
    const { artifactId } = response.uploads[0];
    await service.completeUploads(PRINCIPAL, completion(artifactId, [{ partNumber: 1, etag: '"abc"' }]));
    expect(updates[0].data.computedSha256).toBeNull();
  });

  it('does not take an ETag for the SHA-256 when the upload had several parts', async () => {
    const { service, updates, response } = await created({ partSize: 4 });
    const { artifactId } = response.uploads[0];
    await service.completeUploads(PRINCIPAL, completion(artifactId, [1, 2, 3].map((partNumber) => ({ partNumber, etag: `e${partNumber}` }))));
    expect(updates[0].data.computedSha256).toBeNull();
  });

  it('still succeeds and marks completedAt when the queue is down, logging a warning for the requeue sweep', async () => {
    const { service, queue, updates, warnings, response, rows } = await created();
    queue.failWith = new Error('connect ECONNREFUSED 127.0.0.1:6379');
    const { artifactId } = response.uploads[0];

    await expect(service.completeUploads(PRINCIPAL, completion(artifactId))).resolves.toEqual({ uploads: [{ artifactId, state: 'pending' }] });

    expect(rows.get(artifactId)!.completedAt).toEqual(NOW);
    expect(updates).toHaveLength(1);
    expect(queue.enqueued).toEqual([]);
    expect(warnings).toEqual([{ object: { err: queue.failWith, artifacts: 1 }, message: expect.stringContaining('requeue sweep') }]);
  });

  it('refuses completion with the wrong part numbers as invalid_input and leaves the upload open', async () => {
    const { service, storage, updates, queue, response } = await created({ partSize: 4 });
    const { artifactId } = response.uploads[0]; // 10 bytes in parts of 4: three parts
    for (const parts of [
      [{ partNumber: 1, etag: 'x' }, { partNumber: 2, etag: 'y' }],
      [{ partNumber: 1, etag: 'x' }, { partNumber: 2, etag: 'y' }, { partNumber: 4, etag: 'z' }],
    ]) {
      const error = await domainError(service.completeUploads(PRINCIPAL, completion(artifactId, parts)));
      expect(error.kind).toBe('invalid_input');
      expect(error.message).toContain('3 part(s)');
    }
    expect(storage.callsTo('completeMultipartUpload')).toEqual([]);
    expect(updates).toEqual([]);
    expect(queue.enqueued).toEqual([]);
  });

  it('reports the current state of an upload completed before, without completing it again', async () => {
    const { service, storage, updates, queue, response } = await created();
    const { artifactId } = response.uploads[0];
    await service.completeUploads(PRINCIPAL, completion(artifactId));
    storage.calls.length = 0;
    queue.enqueued.length = 0;

    await expect(service.completeUploads(PRINCIPAL, completion(artifactId))).resolves.toEqual({ uploads: [{ artifactId, state: 'pending' }] });

    expect(storage.callsTo('completeMultipartUpload')).toEqual([]);
    expect(updates).toHaveLength(1);
    expect(queue.enqueued).toEqual([]);
  });

  it.each([
    ['AVAILABLE', 'available'],
    ['FAILED', 'failed'],
  ])('reports a %s artifact as %s', async (state, reported) => {
    const { service, rows, response } = await created();
    const { artifactId } = response.uploads[0];
    Object.assign(rows.get(artifactId)!, { state, completedAt: NOW, uploadId: null });
    await expect(service.completeUploads(PRINCIPAL, completion(artifactId))).resolves.toEqual({ uploads: [{ artifactId, state: reported }] });
  });

  it('answers an unknown or deleting upload as not_found, before completing any of the request', async () => {
    const { service, storage, rows, response } = await created({}, [file('a.txt'), file('b.txt')]);
    const [a, b] = response.uploads.map((upload) => upload.artifactId);
    const unknown = '99999999-9999-4999-8999-999999999999';
    const both = (second: string): CompleteUploadsRequest => ({
      uploads: [
        { artifactId: a, parts: [{ partNumber: 1, etag: 'e' }] },
        { artifactId: second, parts: [{ partNumber: 1, etag: 'e' }] },
      ],
    });
    expect((await domainError(service.completeUploads(PRINCIPAL, both(unknown)))).kind).toBe('not_found');
    rows.get(b)!.state = 'DELETING';
    expect((await domainError(service.completeUploads(PRINCIPAL, both(b)))).kind).toBe('not_found');
    expect(storage.callsTo('completeMultipartUpload')).toEqual([]);
  });

  it('authorizes upload once per project, and completes nothing when refused', async () => {
    const allowed = await created({}, [file('a.txt'), file('b.txt')]);
    const ids = allowed.response.uploads.map((upload) => upload.artifactId);
    await allowed.service.completeUploads(PRINCIPAL, { uploads: ids.map((artifactId) => ({ artifactId, parts: [{ partNumber: 1, etag: 'e' }] })) });
    expect(allowed.accessCalls.filter((call) => call.method === 'authorizeProject')).toEqual([
      { method: 'authorizeProject', project: 'project-1', principal: PRINCIPAL, permission: 'upload' },
    ]);

    const refused = await created({}, [file('a.txt')]);
    const { artifactId } = refused.response.uploads[0];
    refused.accessState.denyWith = forbidden('no');
    const service = refused.service;
    expect((await domainError(service.completeUploads(PRINCIPAL, completion(artifactId)))).kind).toBe('forbidden');
    expect(refused.storage.callsTo('completeMultipartUpload')).toEqual([]);
    expect(refused.updates).toEqual([]);
  });

  it('turns a driver’s part mismatch into invalid_input naming the upload', async () => {
    const { service, storage, updates, response } = await created();
    const { artifactId } = response.uploads[0];
    storage.completeMultipartUpload = async () => {
      throw new StorageError('PART_MISMATCH', 'part 1 has another ETag');
    };
    const error = await domainError(service.completeUploads(PRINCIPAL, completion(artifactId)));
    expect(error.kind).toBe('invalid_input');
    expect(error.message).toBe(`upload ${artifactId} cannot be completed: part 1 has another ETag`);
    expect(updates).toEqual([]);
  });

  it('turns S3’s InvalidPart answer into invalid_input', async () => {
    const { service, storage, response } = await created({ presigns: true, partSize: 64 * MiB });
    const { artifactId } = response.uploads[0];
    storage.completeMultipartUpload = async () => {
      throw Object.assign(new Error('One or more of the specified parts could not be found'), { name: 'InvalidPart' });
    };
    expect((await domainError(service.completeUploads(PRINCIPAL, completion(artifactId)))).kind).toBe('invalid_input');
  });

  it('rethrows other storage failures unchanged and records nothing', async () => {
    const { service, storage, updates, queue, response } = await created();
    const { artifactId } = response.uploads[0];
    const outage = new Error('EIO: i/o error');
    storage.completeMultipartUpload = async () => {
      throw outage;
    };
    await expect(service.completeUploads(PRINCIPAL, completion(artifactId))).rejects.toBe(outage);
    expect(updates).toEqual([]);
    expect(queue.enqueued).toEqual([]);
  });
});
