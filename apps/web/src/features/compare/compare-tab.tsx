import 'server-only';
import Link from 'next/link';
import type { ComparisonMatch } from '@stowage/contracts';
import { EmptyState } from '../../components/ui/empty-state';
import { buttonStyles } from '../../components/ui/button';
import { appPaths, type ProjectRoute } from '../../lib/app-paths';
import { loadJobComparison } from '../../server/load-job-comparison';
import { getApi } from '../../server/stowage-api';
import { BasePicker } from './base-picker';
import { CompareView } from './compare-view';

/**
 * Compares the job with a base job on the server (every page of the API's answer) and hands the
 * changed files to the browser in one go, as the Artifacts tab does with its artifacts.
 */
export async function CompareTab({ route, jobNumber, base, matchBy }: { route: ProjectRoute; jobNumber: number; base?: number; matchBy: ComparisonMatch }) {
  const loaded = await loadJobComparison(await getApi(), route, jobNumber, { base, matchBy });
  if (loaded.status === 'no-base') {
    return (
      <EmptyState
        title={base === undefined ? 'Nothing to compare with yet' : `No job #${base} to compare with`}
        actions={
          <>
            <BasePicker route={route} jobNumber={jobNumber} matchBy={matchBy} />
            {base !== undefined && (
              <Link href={appPaths.jobCompare(route, jobNumber, { matchBy })} className={buttonStyles({ variant: 'ghost', size: 'sm' })}>
                Use the default base
              </Link>
            )}
          </>
        }
      >
        {base === undefined ? (
          <p>
            A job is compared by default with the newest successful job of the same name on the project&apos;s default branch. There is none yet: pick
            another job of this project by its number.
          </p>
        ) : (
          <p>This project has no job #{base} you can read. Pick another job by its number.</p>
        )}
      </EmptyState>
    );
  }
  return <CompareView comparison={loaded.comparison} job={{ ...route, jobNumber }} explicitBase={base !== undefined} />;
}
