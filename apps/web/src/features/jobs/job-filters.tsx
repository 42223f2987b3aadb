import Link from 'next/link';
import { JOB_STATUSES, type JobStatus } from '@stowage/contracts';
import { buttonStyles } from '../../components/ui/button';
import { appPaths, type ProjectRoute } from '../../lib/app-paths';
import { JOB_STATUS_LABEL } from './job-status-badge';

const fieldStyles =
  'mt-1 block h-8 w-full rounded-md border-0 bg-white px-2.5 text-sm shadow-xs ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-indigo-600';

/** A plain GET form: filters live in the query string, so a filtered list is a link to share. */
export function JobFilters({ route, branch, status }: { route: ProjectRoute; branch?: string; status?: JobStatus }) {
  return (
    <form method="get" action={appPaths.project(route)} role="search" aria-label="Filter jobs" className="mb-3 flex flex-wrap items-end gap-2">
      <div className="w-full sm:w-56">
        <label htmlFor="job-branch" className="block text-xs font-medium text-zinc-700">
          Branch
        </label>
        <input id="job-branch" name="branch" defaultValue={branch} placeholder="any branch" className={fieldStyles} />
      </div>
      <div className="w-40">
        <label htmlFor="job-status" className="block text-xs font-medium text-zinc-700">
          Status
        </label>
        <select id="job-status" name="status" defaultValue={status ?? ''} className={fieldStyles}>
          <option value="">Any status</option>
          {JOB_STATUSES.map((value) => (
            <option key={value} value={value}>
              {JOB_STATUS_LABEL[value]}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={buttonStyles({ variant: 'primary', size: 'sm' })}>
        Apply
      </button>
      {(branch || status) && (
        <Link href={appPaths.project(route)} className={buttonStyles({ variant: 'ghost', size: 'sm' })}>
          Clear
        </Link>
      )}
    </form>
  );
}
