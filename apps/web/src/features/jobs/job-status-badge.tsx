import type { JobStatus } from '@stowage/contracts';
import { Badge, type BadgeTone } from '../../components/ui/badge';

const TONE: Record<JobStatus, BadgeTone> = {
  queued: 'neutral',
  running: 'blue',
  success: 'green',
  failed: 'red',
  canceled: 'amber',
};

const LABEL: Record<JobStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  success: 'Success',
  failed: 'Failed',
  canceled: 'Canceled',
};

export function JobStatusBadge({ status }: { status: JobStatus }) {
  return (
    <Badge tone={TONE[status]}>
      <span aria-hidden="true" className={`size-1.5 rounded-full bg-current ${status === 'running' ? 'animate-pulse' : ''}`} />
      {LABEL[status]}
    </Badge>
  );
}

export const JOB_STATUS_LABEL = LABEL;
