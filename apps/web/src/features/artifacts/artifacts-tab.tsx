import 'server-only';
import type { ProjectRoute } from '../../lib/app-paths';
import { loadCliExecutableDigest } from '../../server/cli-digest';
import { listAllJobArtifacts } from '../../server/list-all-job-artifacts';
import { loadOrganization } from '../../server/loaders';
import { isAdmin } from '../organizations/roles';
import { apiBaseUrl, getApi, orNotFound } from '../../server/stowage-api';
import { ArtifactBrowser } from './artifact-browser';
import { toArtifactView } from './artifact-view';
import { ArtifactsEmptyState } from './artifacts-empty-state';

/** Fetches every artifact of the job on the server and hands them to the browser in one go. */
export async function ArtifactsTab({ route, jobNumber }: { route: ProjectRoute; jobNumber: number }) {
  const [artifacts, organization] = await Promise.all([orNotFound(listAllJobArtifacts(await getApi(), route, jobNumber)), loadOrganization(route.org)]);
  if (artifacts.length === 0) return <ArtifactsEmptyState executableDigest={await loadCliExecutableDigest()} />;
  const base = apiBaseUrl();
  return (
    <ArtifactBrowser
      artifacts={artifacts.map((artifact) => toArtifactView(artifact, base))}
      job={{ vcs: route.vcs, org: route.org, project: route.project, jobNumber }}
      // Only admins may delete (the API enforces it); everyone else never sees the buttons.
      canDelete={isAdmin(organization.role)}
      // Members may share (docs/share-links.md); visitors of a public project may not.
      canShare={organization.role !== null}
    />
  );
}
