import crypto from 'node:crypto';
import { MAX_UPLOAD_BATCH_BYTES, MAX_UPLOAD_BATCH_FILE_BYTES, type CreateUploadBatchResponse, type ProjectRef } from '@stowage/contracts';
import { displayArtifactPath, formatBytes, maySkipStoredBytes, payloadTooLarge, type Principal } from '@stowage/domain';
import { requireProject } from '../../access/require-access';
import { claimStoredBytes } from '../../artifacts/claim-stored-bytes';
import { UploadBatchUrls, batchArtifactIds } from '../../artifacts/upload-batch-url';
import type { ServerContext } from '../../server-context';
import { storageKeyFor } from './create-uploads';
import { assertUploadableFiles } from './upload-file-rules';

export interface CreateUploadBatchInput {
  project: ProjectRef;
  jobNumber: number;
  nodeIndex: number;
  job?: { name?: string; branch?: string; revision?: string };
  files: Array<{ path: string; size: number; sha256: string; fileMode: number }>;
}

const DAY_MS = 24 * 3600_000;

/**
 * The first step of the batch stream (docs/upload-protocol.md): small files declared with their
 * size and SHA-256, checked like create-uploads' files, inserted as pending artifacts with keys made
 * from ids, and answered with the signed URL their tar stream goes to (receive-upload-batch.ts).
 * No storage call: the bytes arrive in the stream. A caller who may read the project gets files
 * whose bytes it holds `stored` at once (claim-stored-bytes.ts); the stream carries only the others,
 * in the declared order.
 */
export async function createUploadBatch(
  ctx: Pick<ServerContext, 'access' | 'uploads' | 'blobs' | 'jobs' | 'storage' | 'tasks' | 'clock' | 'config' | 'logger'>,
  principal: Principal,
  input: CreateUploadBatchInput,
): Promise<CreateUploadBatchResponse> {
  const { project, role } = await requireProject(ctx.access, input.project, principal, 'upload');
  assertUploadableFiles(input.files, ctx.config.env.MAX_ARTIFACT_BYTES);
  const tooLarge = input.files.find((file) => file.size > MAX_UPLOAD_BATCH_FILE_BYTES);
  if (tooLarge) {
    throw payloadTooLarge(
      `"${displayArtifactPath(tooLarge.path)}" is ${formatBytes(tooLarge.size, { bareWholeUnits: true })}; a batch takes files up to ${formatBytes(MAX_UPLOAD_BATCH_FILE_BYTES, { bareWholeUnits: true })}, larger ones go through POST /uploads`,
    );
  }
  const total = input.files.reduce((sum, file) => sum + file.size, 0);
  if (total > MAX_UPLOAD_BATCH_BYTES) {
    throw payloadTooLarge(`the batch holds ${formatBytes(total, { bareWholeUnits: true })}; a batch takes up to ${formatBytes(MAX_UPLOAD_BATCH_BYTES, { bareWholeUnits: true })}`);
  }

  const job = await ctx.jobs.ensure(project.id, input.jobNumber, input.job ?? {}, ctx.clock.now());
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + project.organization.artifactRetentionDays * DAY_MS);
  const urlExpiresAt = new Date(now.getTime() + ctx.config.env.UPLOAD_TARGET_TTL_SECONDS * 1000);
  // "Already stored" tells the caller the project holds those bytes: only for callers who may read it.
  const claimed = maySkipStoredBytes(role, principal, project.id)
    ? await claimStoredBytes(ctx, { project, jobId: job.id, nodeIndex: input.nodeIndex }, input.files)
    : new Map<string, string>();
  const toSend = input.files.filter((file) => !claimed.has(file.path));
  const batchId = crypto.randomUUID();
  const ids = batchArtifactIds(batchId, toSend.length);
  const position = new Map(toSend.map((file, index) => [file.path, index]));
  await ctx.uploads.createPending(
    toSend.map((file, index) => ({
      id: ids[index]!,
      jobId: job.id,
      nodeIndex: input.nodeIndex,
      path: file.path,
      size: file.size,
      sha256: file.sha256,
      fileMode: file.fileMode,
      storageKey: storageKeyFor({ organizationId: project.organizationId, projectId: project.id, jobId: job.id, artifactId: ids[index]! }),
      uploadId: null,
      partSize: Math.max(file.size, 1),
      sourceStamp: null,
      createdAt: now,
      expiresAt,
    })),
  );
  return {
    jobId: job.id,
    batchId,
    url: new UploadBatchUrls(ctx.config.signingSecret, ctx.config.publicUrl).url(batchId, toSend.length, urlExpiresAt),
    expiresAt: urlExpiresAt.toISOString(),
    files: input.files.map((file) => {
      const claimedId = claimed.get(file.path);
      return claimedId ? { artifactId: claimedId, path: file.path, stored: true } : { artifactId: ids[position.get(file.path)!]!, path: file.path, stored: false };
    }),
  };
}
