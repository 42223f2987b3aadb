import { z } from 'zod';

// Queue and job names are explicit string ids, with one payload schema per job, so the API can
// enqueue without importing the worker and the worker can refuse a payload it does not understand.

export const QueueName = {
  Uploads: 'uploads',
  CoreDumps: 'core-dumps',
  Maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  FinalizeUpload: 'finalize-upload',
  IndexCoreDump: 'index-core-dump',
  ExpireArtifacts: 'expire-artifacts',
  SweepAbandonedUploads: 'sweep-abandoned-uploads',
  RequeuePendingUploads: 'requeue-pending-uploads',
  SnapshotStorageUsage: 'snapshot-storage-usage',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

const EmptyPayload = z.object({}).strict();

export const JobDefinitions = {
  [JobName.FinalizeUpload]: { queue: QueueName.Uploads, payload: z.object({ artifactId: z.uuid() }) },
  [JobName.IndexCoreDump]: { queue: QueueName.CoreDumps, payload: z.object({ artifactId: z.uuid() }) },
  [JobName.ExpireArtifacts]: { queue: QueueName.Maintenance, payload: EmptyPayload },
  [JobName.SweepAbandonedUploads]: { queue: QueueName.Maintenance, payload: EmptyPayload },
  [JobName.RequeuePendingUploads]: { queue: QueueName.Maintenance, payload: EmptyPayload },
  [JobName.SnapshotStorageUsage]: { queue: QueueName.Maintenance, payload: EmptyPayload },
} as const satisfies Record<JobName, { queue: QueueName; payload: z.ZodType }>;

export type JobPayload<N extends JobName> = z.infer<(typeof JobDefinitions)[N]['payload']>;
