import crypto from 'node:crypto';
import type { CreateUploadsResponse, ProjectRef, UploadPartTarget } from '@stowage/contracts';
import { maySkipStoredBytes, partLengthOf, uploadLayoutOf, type Principal } from '@stowage/domain';
import { requireProject } from '../../access/require-access';
import { assertUploadableFiles } from './upload-file-rules';
import { claimStoredBytes, type DeclaredFile } from '../../artifacts/claim-stored-bytes';
import type { ServerContext } from '../../server-context';
import { findResumableUploads } from './resume-uploads';

export interface CreateUploadsInput {
  project: ProjectRef;
  jobNumber: number;
  nodeIndex: number;
  job?: { name?: string; branch?: string; revision?: string };
  files: Array<{ path: string; size: number; sha256?: string; fileMode: number; sourceStamp?: string }>;
}

const DAY_MS = 24 * 3600_000;

/** Storage keys come from ids only: a client's path never reaches the store. */
export function storageKeyFor(ids: { organizationId: string; projectId: string; jobId: string; artifactId: string }): string {
  return `artifacts/${ids.organizationId}/${ids.projectId}/${ids.jobId}/${ids.artifactId}`;
}

/**
 * The first step of the upload protocol, the same for every driver: create (declare path, size,
 * mode and usually sha256) → send each part to the target the driver gives → complete with the
 * parts' ETags (complete-uploads.ts). Until finalized, the artifact is `pending` and invisible to
 * the CircleCI API. A file whose declared bytes the project already holds is `stored` at once when
 * the caller may read the project (claim-stored-bytes.ts): no parts, no completion.
 */
export async function createUploads(
  ctx: Pick<ServerContext, 'access' | 'uploads' | 'blobs' | 'jobs' | 'storage' | 'tasks' | 'clock' | 'config' | 'logger'>,
  principal: Principal,
  input: CreateUploadsInput,
): Promise<CreateUploadsResponse> {
  const { project, role } = await requireProject(ctx.access, input.project, principal, 'upload');
  const maxBytes = ctx.config.env.MAX_ARTIFACT_BYTES;
  const ttlSeconds = ctx.config.env.UPLOAD_TARGET_TTL_SECONDS;

  assertUploadableFiles(input.files, maxBytes);

  const job = await ctx.jobs.ensure(project.id, input.jobNumber, input.job ?? {}, ctx.clock.now());
  const now = ctx.clock.now();
  const targetsExpireAt = new Date(now.getTime() + ttlSeconds * 1000);
  const expiresAt = new Date(now.getTime() + project.organization.artifactRetentionDays * DAY_MS);

  // "Already stored" tells the caller the project holds those bytes: only for callers who may read it.
  const claimed = maySkipStoredBytes(role, principal, project.id)
    ? await claimStoredBytes(
        ctx,
        { project, jobId: job.id, nodeIndex: input.nodeIndex },
        input.files.filter((file): file is DeclaredFile & typeof file => file.sha256 !== undefined),
      )
    : new Map<string, string>();
  const toSend = input.files.filter((file) => !claimed.has(file.path));

  // A file declared again after its upload was cut off goes on from the parts the store holds.
  const resumable = await findResumableUploads(ctx, { jobId: job.id, nodeIndex: input.nodeIndex, files: toSend });
  const prepared = await Promise.all(
    toSend
      .filter((file) => !resumable.has(file.path))
      .map(async (file) => {
        const artifactId: string = crypto.randomUUID();
        const storageKey = storageKeyFor({ organizationId: project.organizationId, projectId: project.id, jobId: job.id, artifactId });
        const upload = await ctx.storage.createMultipartUpload(storageKey, file.size);
        return { file, artifactId, storageKey, upload };
      }),
  );
  await ctx.uploads.createPending(
    prepared.map(({ file, artifactId, storageKey, upload }) => ({
      id: artifactId,
      jobId: job.id,
      nodeIndex: input.nodeIndex,
      path: file.path,
      size: file.size,
      sha256: file.sha256 ?? null,
      fileMode: file.fileMode,
      storageKey,
      uploadId: upload.uploadId,
      partSize: upload.partSize,
      sourceStamp: file.sourceStamp ?? null,
      createdAt: now,
      expiresAt,
    })),
  );
  const created = new Map(prepared.map((entry) => [entry.file.path, { ...entry, received: [] as Array<{ partNumber: number; etag: string }> }]));
  for (const [path, upload] of resumable) {
    created.set(path, {
      file: input.files.find((file) => file.path === path)!,
      artifactId: upload.id,
      storageKey: upload.storageKey,
      upload: uploadLayoutOf(upload.uploadId, upload.size, upload.partSize),
      received: upload.parts.map(({ partNumber, etag }) => ({ partNumber, etag })),
    });
  }

  // Parts sent to the API are recorded by it as they become durable; parts sent to the store itself
  // (S3) are the agent's to report.
  const reportParts = ctx.storage.kind !== 'filesystem';
  const uploads = await Promise.all(
    input.files.map(async ({ path }) => {
      const claimedId = claimed.get(path);
      // Stored already: no parts, no completion.
      if (claimedId) return { artifactId: claimedId, path, parts: [], receivedParts: [], reportParts, targetsExpireAt: targetsExpireAt.toISOString(), stored: true };
      const { file, artifactId, storageKey, upload, received } = created.get(path)!;
      const targets = await ctx.storage.partTargets(storageKey, upload, { reference: artifactId, expiresAt: targetsExpireAt, expiresInSeconds: ttlSeconds });
      const held = new Set(received.map((part) => part.partNumber));
      const parts: UploadPartTarget[] = targets
        .filter((target) => !held.has(target.partNumber))
        .map((target) => ({
          partNumber: target.partNumber,
          method: 'PUT' as const,
          url: target.url,
          headers: target.headers,
          offset: (target.partNumber - 1) * upload.partSize,
          length: partLengthOf(file.size, upload.partSize, target.partNumber),
        }));
      return { artifactId, path: file.path, parts, receivedParts: received, reportParts, targetsExpireAt: targetsExpireAt.toISOString(), stored: false };
    }),
  );
  return { jobId: job.id, uploads };
}
