import type { ComparisonMatch } from '@stowage/contracts';
import { buttonStyles } from '../../components/ui/button';
import { appPaths, type ProjectRoute } from '../../lib/app-paths';

/** A plain GET form: the base is in the query string, so a comparison is a link to share. */
export function BasePicker({ route, jobNumber, matchBy, current }: { route: ProjectRoute; jobNumber: number; matchBy: ComparisonMatch; current?: number }) {
  return (
    <form method="get" action={appPaths.jobCompare(route, jobNumber)} aria-label="Compare with another job" className="flex items-end gap-2">
      <div>
        <label htmlFor="compare-base" className="block text-left text-xs font-medium text-zinc-700">
          Base job number
        </label>
        <input
          id="compare-base"
          name="base"
          type="number"
          min={1}
          required
          defaultValue={current}
          placeholder="e.g. 41"
          className="mt-1 block h-8 w-28 rounded-md border-0 bg-white px-2.5 text-sm shadow-xs ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-indigo-600"
        />
      </div>
      {matchBy === 'path' && <input type="hidden" name="match" value="path" />}
      <button type="submit" className={buttonStyles({ variant: 'secondary', size: 'sm' })}>
        Compare
      </button>
    </form>
  );
}
