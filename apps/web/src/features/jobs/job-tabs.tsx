'use client';

import { useSelectedLayoutSegment } from 'next/navigation';
import { TabNav } from '../../components/ui/tab-nav';
import { appPaths, type ProjectRoute } from '../../lib/app-paths';

/** Artifacts is the default tab: `/jobs/N` and `/jobs/N/artifacts` both show it. */
export function JobTabs({ route, jobNumber, artifactCount }: { route: ProjectRoute; jobNumber: number; artifactCount?: number }) {
  const segment = useSelectedLayoutSegment();
  return (
    <TabNav
      label="Job"
      items={[
        { href: appPaths.jobArtifacts(route, jobNumber), label: 'Artifacts', active: segment === null || segment === 'artifacts', count: artifactCount },
        { href: appPaths.jobCompare(route, jobNumber), label: 'Compare', active: segment === 'compare' },
        { href: appPaths.jobDetails(route, jobNumber), label: 'Details', active: segment === 'details' },
      ]}
    />
  );
}
