import type { ArtifactDetail } from '@stowage/contracts';
import { browserHref } from './artifact-links';

/**
 * What the Artifacts tab sends to the browser for each artifact: the API's fields minus those the
 * page never shows, with `href` rewritten to go through this app's proxy.
 */
export type ArtifactView = Omit<ArtifactDetail, 'url' | 'createdAt' | 'fileMode'> & { href: string };

export function toArtifactView(artifact: ArtifactDetail, apiBaseUrl: string): ArtifactView {
  const { url, createdAt: _createdAt, fileMode: _fileMode, ...rest } = artifact;
  return { ...rest, href: browserHref(url, apiBaseUrl) };
}
