import { ArtifactsTab } from '../../../../../../features/artifacts/artifacts-tab';
import { resolveJobRoute, type JobRouteParams } from '../../../../../../features/jobs/job-route';

// The job page opens on its Artifacts tab.
export default async function JobPage({ params }: { params: JobRouteParams }) {
  const { route, jobNumber } = await resolveJobRoute(params);
  return <ArtifactsTab route={route} jobNumber={jobNumber} />;
}
