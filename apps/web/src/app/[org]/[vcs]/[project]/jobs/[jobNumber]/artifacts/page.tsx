import { ArtifactsTab } from '../../../../../../../features/artifacts/artifacts-tab';
import { resolveJobRoute, type JobRouteParams } from '../../../../../../../features/jobs/job-route';

export default async function JobArtifactsPage({ params }: { params: JobRouteParams }) {
  const { route, jobNumber } = await resolveJobRoute(params);
  return <ArtifactsTab route={route} jobNumber={jobNumber} />;
}
