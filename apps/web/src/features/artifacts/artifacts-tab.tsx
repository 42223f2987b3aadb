import 'server-only';
import { loadCliExecutableDigest } from '../../server/cli-digest';
import { listAllJobArtifacts } from '../../server/list-all-job-artifacts';
import { appPaths, type ProjectRoute } from '../../lib/app-paths';
import { loadJob, loadOrganization, loadProject, loadShareLinksSetting } from '../../server/loaders';
import { isAdmin, isMember } from '../organizations/roles';
import type { ShareSettings } from '../share-links/share-button';
import { apiBaseUrl, getApi, orNotFound } from '../../server/stowage-api';
import { ArtifactBrowser } from './artifact-browser';
import { toArtifactView } from './artifact-view';
import { ArtifactsEmptyState } from './artifacts-empty-state';

/** Fetches every artifact of the job on the server and hands them to the browser in one go. */
export async function ArtifactsTab({ route, jobNumber }: { route: ProjectRoute; jobNumber: number }) {
  const [artifacts, organization] = await Promise.all([orNotFound(listAllJobArtifacts(await getApi(), route, jobNumber)), loadOrganization(route.org)]);
  if (artifacts.length === 0) return <ArtifactsEmptyState executableDigest={await loadCliExecutableDigest()} />;
  const base = apiBaseUrl();
  // Members may share (docs/share-links.md); visitors of a public project may not.
  let share: ShareSettings | undefined;
  if (isMember(organization.role)) {
    const [setting, job, project] = await Promise.all([
      loadShareLinksSetting(route.org),
      loadJob(route.org, route.vcs, route.project, jobNumber),
      loadProject(route.org, route.vcs, route.project),
    ]);
    share = { enabled: setting.enabled, orgSettingsHref: appPaths.orgShareLinks(route.org), stream: { name: job.name, defaultBranch: project.defaultBranch } };
  }
  return (
    <ArtifactBrowser
      artifacts={artifacts.map((artifact) => toArtifactView(artifact, base))}
      job={{ vcs: route.vcs, org: route.org, project: route.project, jobNumber }}
      // Only admins may delete (the API enforces it); everyone else never sees the buttons.
      canDelete={isAdmin(organization.role)}
      share={share}
    />
  );
}
