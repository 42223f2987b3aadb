import { z } from 'zod';
import { JobNumberSchema, NodeIndexSchema, ProjectSlugSchema, Sha256Schema } from './common';

/** The default per-file limit: CircleCI's 3 GB. Configurable on the server. */
export const DEFAULT_MAX_ARTIFACT_BYTES = 3 * 1024 * 1024 * 1024;
export const MAX_FILES_PER_UPLOAD_REQUEST = 500;

export const JobDescriptionSchema = z.object({
  name: z.string().min(1).max(255).optional(),
  branch: z.string().min(1).max(255).optional(),
  revision: z.string().min(1).max(64).optional(),
});

export const UploadFileSchema = z.object({
  /** Canonical artifact path; the server rejects anything else with a 400 naming it. */
  path: z.string(),
  size: z.number().int().min(0),
  /**
   * Declared here, or at completion by an agent that hashes the file while sending it (one read of
   * the file instead of two, and the hash overlaps the transfer). Completion refuses an upload that
   * declared it at neither step.
   */
  sha256: Sha256Schema.optional(),
  fileMode: z.number().int().min(0).max(0o7777),
});

export const CreateUploadsRequestSchema = z.object({
  project: ProjectSlugSchema,
  jobNumber: JobNumberSchema,
  nodeIndex: NodeIndexSchema.default(0),
  job: JobDescriptionSchema.optional(),
  files: z.array(UploadFileSchema).min(1).max(MAX_FILES_PER_UPLOAD_REQUEST),
});
export type CreateUploadsRequest = z.input<typeof CreateUploadsRequestSchema>;

/** Where one part's bytes go: an API endpoint (filesystem) or a presigned S3 URL. */
export const UploadPartTargetSchema = z.object({
  partNumber: z.number().int().min(1),
  method: z.literal('PUT'),
  url: z.string(),
  /** Headers the client must send as they are (they are covered by the signature). */
  headers: z.record(z.string(), z.string()),
  offset: z.number().int().min(0),
  length: z.number().int().min(0),
});
export type UploadPartTarget = z.infer<typeof UploadPartTargetSchema>;

export const CreatedUploadSchema = z.object({
  artifactId: z.uuid(),
  path: z.string(),
  parts: z.array(UploadPartTargetSchema),
  targetsExpireAt: z.iso.datetime(),
});
export const CreateUploadsResponseSchema = z.object({
  jobId: z.uuid(),
  uploads: z.array(CreatedUploadSchema),
});
export type CreateUploadsResponse = z.infer<typeof CreateUploadsResponseSchema>;

export const CompleteUploadsRequestSchema = z.object({
  uploads: z
    .array(
      z.object({
        artifactId: z.uuid(),
        parts: z.array(z.object({ partNumber: z.number().int().min(1), etag: z.string().min(1).max(200) })).min(1),
        /** For an upload created without one; if both steps declare it, they must agree. */
        sha256: Sha256Schema.optional(),
      }),
    )
    .min(1)
    .max(MAX_FILES_PER_UPLOAD_REQUEST),
});
export type CompleteUploadsRequest = z.infer<typeof CompleteUploadsRequestSchema>;

export const CompleteUploadsResponseSchema = z.object({
  uploads: z.array(z.object({ artifactId: z.uuid(), state: z.enum(['pending', 'available', 'failed']) })),
});

/*
 * The batch stream (docs/upload-protocol.md): small files declared in one request, then sent as one
 * tar stream to the URL it answers; the API checks and stores each entry as it arrives and answers
 * per file. The per-file protocol above stays for everything else.
 */
export const MAX_FILES_PER_UPLOAD_BATCH = 500;
/** Each file of a batch is buffered whole by the API while its digest is checked: kept small. */
export const MAX_UPLOAD_BATCH_FILE_BYTES = 8 * 1024 * 1024;
/** All the files of one batch together. */
export const MAX_UPLOAD_BATCH_BYTES = 64 * 1024 * 1024;

export const UploadBatchFileSchema = UploadFileSchema.extend({
  /** Required: the API checks each entry against it as the bytes arrive. */
  sha256: Sha256Schema,
});

export const CreateUploadBatchRequestSchema = z.object({
  project: ProjectSlugSchema,
  jobNumber: JobNumberSchema,
  nodeIndex: NodeIndexSchema.default(0),
  job: JobDescriptionSchema.optional(),
  /** In the order the tar stream will hold them. */
  files: z.array(UploadBatchFileSchema).min(1).max(MAX_FILES_PER_UPLOAD_BATCH),
});
export type CreateUploadBatchRequest = z.input<typeof CreateUploadBatchRequestSchema>;

export const CreateUploadBatchResponseSchema = z.object({
  jobId: z.uuid(),
  batchId: z.uuid(),
  /** Where the tar stream goes (PUT, `content-type: application/x-tar`); its signature is the credential. */
  url: z.string(),
  expiresAt: z.iso.datetime(),
  /** One per declared file, in the declared order. */
  files: z.array(
    z.object({
      artifactId: z.uuid(),
      path: z.string(),
      /**
       * Whether the project already holds these bytes and the file is stored without them. Always
       * false for now; a stored file would still be sent (and dropped by deduplication).
       */
      stored: z.boolean(),
    }),
  ),
});
export type CreateUploadBatchResponse = z.infer<typeof CreateUploadBatchResponseSchema>;

export const UploadBatchResultSchema = z.object({
  files: z.array(
    z.object({
      artifactId: z.uuid(),
      path: z.string(),
      state: z.enum(['available', 'failed']),
      /** Why the file failed. */
      reason: z.string().optional(),
    }),
  ),
});
export type UploadBatchResult = z.infer<typeof UploadBatchResultSchema>;
