import 'server-only';
import type { ProjectRoute } from '../../lib/app-paths';
import { listAllJobArtifacts } from '../../server/list-all-job-artifacts';
import { apiBaseUrl, getApi, orNotFound } from '../../server/stowage-api';
import { ArtifactBrowser } from './artifact-browser';
import { toArtifactView } from './artifact-view';
import { ArtifactsEmptyState } from './artifacts-empty-state';

/** Fetches every artifact of the job on the server and hands them to the browser in one go. */
export async function ArtifactsTab({ route, jobNumber }: { route: ProjectRoute; jobNumber: number }) {
  const artifacts = await orNotFound(listAllJobArtifacts(await getApi(), route, jobNumber));
  if (artifacts.length === 0) return <ArtifactsEmptyState />;
  const base = apiBaseUrl();
  return (
    <ArtifactBrowser
      artifacts={artifacts.map((artifact) => toArtifactView(artifact, base))}
      job={{ vcs: route.vcs, org: route.org, project: route.project, jobNumber }}
    />
  );
}
