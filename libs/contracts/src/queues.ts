import { z } from 'zod';
import { MAX_FILES_PER_UPLOAD_REQUEST } from './uploads';

// Queue and job names are explicit string ids, with one payload schema per job, so the API can
// enqueue without importing the worker and the worker can refuse a payload it does not understand.

export const QueueName = {
  Uploads: 'uploads',
  CoreDumps: 'core-dumps',
  Maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  FinalizeUploads: 'finalize-uploads',
  IndexCoreDump: 'index-core-dump',
  ExpireArtifacts: 'expire-artifacts',
  SweepAbandonedUploads: 'sweep-abandoned-uploads',
  RequeuePendingUploads: 'requeue-pending-uploads',
  SnapshotStorageUsage: 'snapshot-storage-usage',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

const EmptyPayload = z.object({}).strict();

export const JobDefinitions = {
  // One job per complete request (or requeue sweep batch): the finalizer works on batches.
  [JobName.FinalizeUploads]: { queue: QueueName.Uploads, payload: z.object({ artifactIds: z.array(z.uuid()).min(1).max(MAX_FILES_PER_UPLOAD_REQUEST) }) },
  [JobName.IndexCoreDump]: { queue: QueueName.CoreDumps, payload: z.object({ artifactId: z.uuid() }) },
  [JobName.ExpireArtifacts]: { queue: QueueName.Maintenance, payload: EmptyPayload },
  [JobName.SweepAbandonedUploads]: { queue: QueueName.Maintenance, payload: EmptyPayload },
  [JobName.RequeuePendingUploads]: { queue: QueueName.Maintenance, payload: EmptyPayload },
  [JobName.SnapshotStorageUsage]: { queue: QueueName.Maintenance, payload: EmptyPayload },
} as const satisfies Record<JobName, { queue: QueueName; payload: z.ZodType }>;

export type JobPayload<N extends JobName> = z.infer<(typeof JobDefinitions)[N]['payload']>;
