import type { Job } from '@stowage/contracts';

const pad = (value: number) => String(value).padStart(2, '0');

/** "45s", "1m 05s", "2h 03m": the precision a CI dashboard needs, no more. */
export function formatDuration(milliseconds: number): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${pad(seconds % 60)}s`;
  const hours = Math.floor(minutes / 60);
  return `${hours}h ${pad(minutes % 60)}m`;
}

/** How long a job ran, or has been running; null before it starts. */
export function jobDurationMs(job: Pick<Job, 'startedAt' | 'stoppedAt'>, now: Date): number | null {
  if (!job.startedAt) return null;
  const end = job.stoppedAt ? Date.parse(job.stoppedAt) : now.getTime();
  return Math.max(0, end - Date.parse(job.startedAt));
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", then the date itself. */
export function formatRelativeTime(iso: string, now: Date): string {
  const seconds = Math.round((now.getTime() - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 30) return `${days} ${days === 1 ? 'day' : 'days'} ago`;
  return iso.slice(0, 10);
}

/** Commit hashes are shown as their first 7 characters, as git does. */
export function shortRevision(revision: string | null): string | null {
  return revision ? revision.slice(0, 7) : null;
}
