import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import type { CompleteUploadsRequest, CompleteUploadsResponseSchema, CreateUploadsResponse, ProjectRef, UploadPartTarget } from '@stowage/contracts';
import { DomainError, conflict, displayArtifactPath, forbidden, invalidInput, notFound, payloadTooLarge, validateArtifactPath, type Clock, type StorageDriver } from '@stowage/domain';
import type { Db, Sql } from '@stowage/server-db';
import type { TaskQueue } from '@stowage/server-queue';
import { isStorageError } from '@stowage/server-storage';
import type { z } from 'zod';
import type { AccessService } from '../access/access.service';
import type { Principal } from '@stowage/domain';
import { forEachConcurrently } from '../concurrency';
import type { JobRepository } from '@stowage/server-db';
import type { PartUrlSigner } from './part-url-signer';

export interface UploadLimits {
  maxArtifactBytes: number;
  targetTtlSeconds: number;
}

export interface CreateUploadsInput {
  project: ProjectRef;
  jobNumber: number;
  nodeIndex: number;
  job?: { name?: string; branch?: string; revision?: string };
  files: Array<{ path: string; size: number; sha256?: string; fileMode: number }>;
}

export interface UploadLogger {
  warn(object: object, message: string): void;
}

const DAY_MS = 24 * 3600_000;

/** The upload a part belongs to (node-postgres returns int8 as strings). */
interface PartTargetRow {
  state: string;
  completed: boolean;
  upload_id: string | null;
  size: string;
  part_size: string;
  storage_key: string;
  path: string;
}
const PART_TARGET_SQL = `SELECT state::text AS state, completed_at IS NOT NULL AS completed, upload_id, size, part_size, storage_key, path
  FROM artifacts WHERE id = $1::uuid`;

/** How long completion waits for Redis before leaving finalization to the requeue sweep. */
const ENQUEUE_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  // A late failure changes nothing (the requeue sweep covers it) and must not go unhandled.
  promise.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
const COMPLETE_CONCURRENCY = 16;

/** Problems with what the agent sent are its to fix (400); anything else is ours (500). */
function completionError(artifactId: string, error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const name = (error as { name?: string }).name ?? '';
  if (
    isStorageError(error, 'PART_MISMATCH') ||
    isStorageError(error, 'PART_INCOMPLETE') ||
    isStorageError(error, 'UNKNOWN_UPLOAD') ||
    // S3's answers for parts that were not sent as declared.
    /InvalidPart|InvalidPartOrder|NoSuchUpload|EntityTooSmall/.test(name)
  ) {
    return invalidInput(`upload ${artifactId} cannot be completed: ${(error as Error).message}`);
  }
  return error;
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(2)} ${units[unit]}`;
}

/** Storage keys come from ids only: a client's path never reaches the store. */
export function storageKeyFor(ids: { organizationId: string; projectId: string; jobId: string; artifactId: string }): string {
  return `artifacts/${ids.organizationId}/${ids.projectId}/${ids.jobId}/${ids.artifactId}`;
}

/**
 * The upload protocol, the same for every driver: create (declare path, size, mode and usually
 * sha256) → send each part to the target the server returns → complete with the parts' ETags (and
 * the sha256, if the agent hashed while sending). Completion
 * enqueues finalization; until then the artifact is `pending` and invisible to the CircleCI API.
 */
export class UploadService {
  constructor(
    private readonly db: Db,
    private readonly sql: Sql,
    private readonly storage: StorageDriver,
    private readonly queue: TaskQueue,
    private readonly access: AccessService,
    private readonly jobs: JobRepository,
    private readonly signer: PartUrlSigner,
    private readonly clock: Clock,
    private readonly limits: UploadLimits,
    private readonly logger: UploadLogger,
  ) {}

  async createUploads(principal: Principal, input: CreateUploadsInput): Promise<CreateUploadsResponse> {
    const { project } = await this.access.requireProject(input.project, principal, 'upload');

    const problems = input.files.flatMap((file, index) => {
      const validation = validateArtifactPath(file.path);
      // Named as it is shown everywhere: escaped, so the message is safe to print or log.
      return validation.ok ? [] : [{ path: `files.${index}.path`, message: `"${displayArtifactPath(file.path)}": ${validation.reason}` }];
    });
    if (problems.length) throw invalidInput(`invalid artifact path: ${problems[0].message}`, problems);
    const seen = new Set<string>();
    for (const file of input.files) {
      if (seen.has(file.path)) throw invalidInput(`artifact path "${displayArtifactPath(file.path)}" appears twice in one request`);
      seen.add(file.path);
    }
    const tooLarge = input.files.find((file) => file.size > this.limits.maxArtifactBytes);
    if (tooLarge) {
      throw payloadTooLarge(
        `"${displayArtifactPath(tooLarge.path)}" is ${formatBytes(tooLarge.size)}; the limit is ${formatBytes(this.limits.maxArtifactBytes)} (${this.limits.maxArtifactBytes} bytes) per file`,
      );
    }

    const now = this.clock.now();
    const job = await this.jobs.ensure(project.id, input.jobNumber, input.job ?? {}, now);
    const targetsExpireAt = new Date(now.getTime() + this.limits.targetTtlSeconds * 1000);
    const expiresAt = new Date(now.getTime() + project.organization.artifactRetentionDays * DAY_MS);

    const prepared = await Promise.all(
      input.files.map(async (file) => {
        const artifactId = crypto.randomUUID();
        const storageKey = storageKeyFor({ organizationId: project.organizationId, projectId: project.id, jobId: job.id, artifactId });
        const upload = await this.storage.createMultipartUpload(storageKey, file.size);
        return { file, artifactId, storageKey, upload };
      }),
    );
    await this.db.artifact.createMany({
      data: prepared.map(({ file, artifactId, storageKey, upload }) => ({
        id: artifactId,
        jobId: job.id,
        nodeIndex: input.nodeIndex,
        path: file.path,
        size: BigInt(file.size),
        sha256: file.sha256 ?? null,
        fileMode: file.fileMode,
        storageKey,
        uploadId: upload.uploadId,
        partSize: BigInt(upload.partSize),
        state: 'PENDING' as const,
        createdAt: now,
        expiresAt,
      })),
    });

    const uploads = await Promise.all(
      prepared.map(async ({ file, artifactId, storageKey, upload }) => {
        const lengths = Array.from({ length: upload.partCount }, (_, i) => Math.min(upload.partSize, file.size - i * upload.partSize));
        let parts: UploadPartTarget[];
        if (this.storage.presignsUploads) {
          const presigned = await this.storage.presignParts(storageKey, upload, file.size, this.limits.targetTtlSeconds);
          parts = presigned.map((part) => ({
            partNumber: part.partNumber,
            method: 'PUT' as const,
            url: part.url,
            headers: part.headers,
            offset: (part.partNumber - 1) * upload.partSize,
            length: lengths[part.partNumber - 1],
          }));
        } else {
          parts = lengths.map((length, i) => ({
            partNumber: i + 1,
            method: 'PUT' as const,
            url: this.signer.url(artifactId, i + 1, length, targetsExpireAt),
            headers: { 'content-type': 'application/octet-stream' },
            offset: i * upload.partSize,
            length,
          }));
        }
        return { artifactId, path: file.path, parts, targetsExpireAt: targetsExpireAt.toISOString() };
      }),
    );
    return { jobId: job.id, uploads };
  }

  /** Streams one part to the store (filesystem driver); excess bytes are refused as they arrive. */
  async writePart(
    artifactId: string,
    partNumber: number,
    query: { length?: string; expires?: string; signature?: string },
    declaredLength: number | undefined,
    body: Readable,
  ): Promise<{ etag: string }> {
    const problem = this.signer.check(artifactId, partNumber, query, this.clock.now());
    if (problem) throw forbidden(problem);
    const length = Number(query.length);
    if (declaredLength !== undefined && declaredLength > length) {
      throw payloadTooLarge(`part ${partNumber} is ${length} bytes; the request declares ${declaredLength}`);
    }
    // A prepared statement: one PUT per small file makes this the hottest query of an upload.
    const [artifact] = await this.sql.query<PartTargetRow>('uploads.part-target', PART_TARGET_SQL, [artifactId]);
    if (!artifact || artifact.state !== 'PENDING') throw notFound(`upload ${artifactId}`);
    if (artifact.completed || !artifact.upload_id) throw conflict(`upload ${artifactId} is already complete`);
    const partCount = Math.max(1, Math.ceil(Number(artifact.size) / Number(artifact.part_size)));
    const upload = { uploadId: artifact.upload_id, partSize: Number(artifact.part_size), partCount };
    try {
      const written = await this.storage.writePart(artifact.storage_key, upload, partNumber, length, body);
      return { etag: written.etag };
    } catch (error) {
      if (isStorageError(error, 'PART_TOO_LARGE')) throw payloadTooLarge(`part ${partNumber} of ${JSON.stringify(artifact.path)} is limited to ${length} bytes`);
      if (isStorageError(error, 'PART_INCOMPLETE')) throw invalidInput(`part ${partNumber} of ${JSON.stringify(artifact.path)} ended before ${length} bytes`);
      if (isStorageError(error, 'UNKNOWN_UPLOAD')) throw notFound(`upload ${artifactId}`);
      throw error;
    }
  }

  async completeUploads(principal: Principal, request: CompleteUploadsRequest): Promise<z.infer<typeof CompleteUploadsResponseSchema>> {
    const ids = request.uploads.map((upload) => upload.artifactId);
    const artifacts = await this.db.artifact.findMany({
      where: { id: { in: ids } },
      include: { job: { include: { project: { include: { organization: true } } } } },
    });
    const byId = new Map(artifacts.map((artifact) => [artifact.id, artifact]));
    const authorized = new Set<string>();
    for (const id of ids) {
      const artifact = byId.get(id);
      if (!artifact || artifact.state === 'DELETING') throw notFound(`upload ${id}`);
      const project = artifact.job.project;
      if (!authorized.has(project.id)) {
        await this.access.authorizeProject(project, principal, 'upload');
        authorized.add(project.id);
      }
    }

    const results = new Map<string, 'pending' | 'available' | 'failed'>();
    const toComplete: Array<{ artifactId: string; parts: Array<{ partNumber: number; etag: string }>; artifact: (typeof artifacts)[number]; partCount: number; sha256: string }> = [];
    for (const { artifactId, parts, sha256 } of request.uploads) {
      const artifact = byId.get(artifactId)!;
      // Completing twice is harmless: the second call reports the state of the first.
      if (artifact.completedAt || artifact.state !== 'PENDING' || !artifact.uploadId) {
        results.set(artifactId, artifact.state === 'AVAILABLE' ? 'available' : artifact.state === 'FAILED' ? 'failed' : 'pending');
        continue;
      }
      const partCount = Math.max(1, Math.ceil(Number(artifact.size) / Number(artifact.partSize)));
      if (parts.length !== partCount || parts.some((part) => part.partNumber < 1 || part.partNumber > partCount)) {
        throw invalidInput(`upload ${artifactId} has ${partCount} part(s); complete it with exactly those part numbers`);
      }
      if (artifact.sha256 && sha256 && sha256 !== artifact.sha256) {
        throw invalidInput(`upload ${artifactId} was created with sha256 ${artifact.sha256} and completed with ${sha256}`);
      }
      const declared = artifact.sha256 ?? sha256;
      if (!declared) throw invalidInput(`upload ${artifactId} was created without a sha256; complete it with one`);
      toComplete.push({ artifactId, parts, artifact, partCount, sha256: declared });
    }

    // Storage completions are independent (each an fsync and a rename, or an S3 call): run several at once.
    const completed: Array<{ id: string; declared: string; sha: string | null; days: number }> = [];
    // One upload that cannot be completed must not stop the others from being recorded: their objects
    // are already complete in storage, and a retry could not complete them a second time.
    let failure: { error: unknown } | undefined;
    await forEachConcurrently(toComplete, COMPLETE_CONCURRENCY, async ({ artifactId, parts, artifact, partCount, sha256 }) => {
      const upload = { uploadId: artifact.uploadId as string, partSize: Number(artifact.partSize), partCount };
      try {
        await this.storage.completeMultipartUpload(artifact.storageKey, upload, parts);
      } catch (error) {
        failure ??= { error: completionError(artifactId, error) };
        return;
      }
      // With a single part streamed through the API, its ETag is the SHA-256 the driver computed in flight.
      const sha = !this.storage.presignsUploads && partCount === 1 ? parts[0].etag.replace(/"/g, '') : null;
      completed.push({ id: artifactId, declared: sha256, sha, days: artifact.job.project.organization.artifactRetentionDays });
      results.set(artifactId, 'pending');
    });
    if (completed.length) {
      const now = this.clock.now();
      // One statement for the whole batch; expiry is upload time plus the organization's retention.
      await this.db.$executeRaw`
        UPDATE artifacts AS a SET completed_at = ${now}, upload_id = NULL, sha256 = v.declared, computed_sha256 = v.sha,
          expires_at = ${now}::timestamptz + make_interval(days => v.days)
        FROM unnest(${completed.map((c) => c.id)}::uuid[], ${completed.map((c) => c.declared)}::text[], ${completed.map((c) => c.sha)}::text[], ${completed.map((c) => c.days)}::int[]) AS v(id, declared, sha, days)
        WHERE a.id = v.id AND a.completed_at IS NULL`;
    }
    const toFinalize = completed.map((c) => c.id);
    if (toFinalize.length) {
      try {
        // With Redis unreachable the client queues commands until it reconnects, so waiting would hang
        // the request: give up waiting after a while (the enqueue still happens if Redis comes back).
        // One task for the batch, named after its first artifact (completed exactly once): idempotent.
        await withTimeout(
          this.queue.enqueue('finalize-uploads', { artifactIds: toFinalize }, { taskId: `finalize-${toFinalize[0]}` }),
          ENQUEUE_TIMEOUT_MS,
          `Redis did not accept the finalization task within ${ENQUEUE_TIMEOUT_MS} ms`,
        );
      } catch (error) {
        // The database is the source of truth: the worker re-enqueues completed pending uploads.
        this.logger.warn({ err: error, artifacts: toFinalize.length }, 'could not enqueue finalization; the requeue sweep will pick it up');
      }
    }
    if (failure) throw failure.error;
    return { uploads: request.uploads.map(({ artifactId }) => ({ artifactId, state: results.get(artifactId) ?? 'pending' })) };
  }
}
