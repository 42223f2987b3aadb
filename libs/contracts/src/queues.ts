import { z } from 'zod';
import { MAX_FILES_PER_UPLOAD_REQUEST } from './uploads';

// Queue and task names are explicit string ids, with one payload schema per task, so the API can
// enqueue without importing the worker and the worker can refuse a payload it does not understand.
// (A *task* is the queue's unit of background work; a *job* is always a CI job.) The ids are
// persisted in Redis with every queued task: renaming one strands the work queued under it.

export const QueueName = {
  Uploads: 'uploads',
  CoreDumps: 'core-dumps',
  Maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const TaskName = {
  FinalizeUploads: 'finalize-uploads',
  IndexCoreDump: 'index-core-dump',
  ExpireArtifacts: 'expire-artifacts',
  SweepAbandonedUploads: 'sweep-abandoned-uploads',
  RequeuePendingUploads: 'requeue-pending-uploads',
  SnapshotStorageUsage: 'snapshot-storage-usage',
} as const;
export type TaskName = (typeof TaskName)[keyof typeof TaskName];

const EmptyPayload = z.object({}).strict();

export const TaskDefinitions = {
  // One task per complete request (or requeue sweep batch): the finalizer works on batches.
  [TaskName.FinalizeUploads]: { queue: QueueName.Uploads, payload: z.object({ artifactIds: z.array(z.uuid()).min(1).max(MAX_FILES_PER_UPLOAD_REQUEST) }) },
  [TaskName.IndexCoreDump]: { queue: QueueName.CoreDumps, payload: z.object({ artifactId: z.uuid() }) },
  [TaskName.ExpireArtifacts]: { queue: QueueName.Maintenance, payload: EmptyPayload },
  [TaskName.SweepAbandonedUploads]: { queue: QueueName.Maintenance, payload: EmptyPayload },
  [TaskName.RequeuePendingUploads]: { queue: QueueName.Maintenance, payload: EmptyPayload },
  [TaskName.SnapshotStorageUsage]: { queue: QueueName.Maintenance, payload: EmptyPayload },
} as const satisfies Record<TaskName, { queue: QueueName; payload: z.ZodType }>;

export type TaskPayload<N extends TaskName> = z.infer<(typeof TaskDefinitions)[N]['payload']>;
