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
  /**
   * The agent's stamp of this version of the file (the Stowage CLI sends its size and modification
   * time). Declaring a path again with the same size, the same sha256 (or none, both times) and, when
   * no sha256 is declared, the same stamp resumes the upload of that path that was never completed
   * (docs/upload-protocol.md, "Resuming"): only the parts the server has not received are asked for.
   */
  sourceStamp: z.string().min(1).max(200).optional(),
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

/** A part the server knows the store holds: completion lists it with the parts sent now. */
export const ReceivedPartSchema = z.object({
  partNumber: z.number().int().min(1),
  etag: z.string().min(1).max(200),
});
export type ReceivedPart = z.infer<typeof ReceivedPartSchema>;

export const CreatedUploadSchema = z.object({
  artifactId: z.uuid(),
  path: z.string(),
  /** The parts still to send: all of them, or on a resumed upload those not in `receivedParts`. */
  parts: z.array(UploadPartTargetSchema),
  /** Parts of a resumed upload that the store already holds; empty for a new upload. */
  receivedParts: z.array(ReceivedPartSchema),
  /**
   * True when the parts go straight to the store (S3): the agent reports each part it sent
   * (`POST /uploads/parts`) so that a re-run can resume. False when the server receives the parts
   * itself and records them as they become durable (filesystem).
   */
  reportParts: z.boolean(),
  targetsExpireAt: z.iso.datetime(),
  /**
   * The project already holds these bytes (same SHA-256 and size) and the caller may read it: the
   * artifact is available now; send nothing and do not complete it. Only for a member or an
   * upload-read token; an upload-only token is always asked for the bytes.
   */
  stored: z.boolean(),
});
export const CreateUploadsResponseSchema = z.object({
  jobId: z.uuid(),
  uploads: z.array(CreatedUploadSchema),
});
export type CreateUploadsResponse = z.infer<typeof CreateUploadsResponseSchema>;

/** Parts an agent sent straight to the store, for the server's ledger (uploads with `reportParts`). */
export const RecordUploadPartsRequestSchema = z.object({
  parts: z
    .array(z.object({ artifactId: z.uuid(), partNumber: z.number().int().min(1).max(10_000), etag: z.string().min(1).max(200) }))
    .min(1)
    .max(MAX_FILES_PER_UPLOAD_REQUEST),
});
export type RecordUploadPartsRequest = z.infer<typeof RecordUploadPartsRequestSchema>;

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

/**
 * An agent that declared a file without its digest (it hashes while sending) names it as soon as
 * it knows it: when the project already holds those bytes and the caller may read the project,
 * the upload becomes available at once and the agent stops sending; otherwise it sends on.
 */
export const ClaimUploadsRequestSchema = z.object({
  uploads: z
    .array(z.object({ artifactId: z.uuid(), sha256: Sha256Schema }))
    .min(1)
    .max(MAX_FILES_PER_UPLOAD_REQUEST),
});
export type ClaimUploadsRequest = z.infer<typeof ClaimUploadsRequestSchema>;

export const ClaimUploadsResponseSchema = z.object({
  /** `stored`: available now, send nothing more and do not complete it; `send`: send the bytes and complete as usual. */
  uploads: z.array(z.object({ artifactId: z.uuid(), state: z.enum(['stored', 'send']) })),
});
export type ClaimUploadsResponse = z.infer<typeof ClaimUploadsResponseSchema>;

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
       * The project already holds these bytes and the caller may read it: the file is available now
       * and is left out of the stream, which carries the other files in the declared order. Only for
       * a member or an upload-read token; an upload-only token is always asked for the bytes.
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
