import { validateArtifactPath } from '../artifact-path/artifact-path';

/** Shortest and longest life a share link may be given (docs/share-links.md). */
export const SHARE_LINK_MIN_SECONDS = 3600;
export const SHARE_LINK_MAX_SECONDS = 30 * 24 * 3600;

/**
 * What a share link covers inside its job: one container or all (`nodeIndex` null), and a path
 * prefix: '' for everything, else a canonical artifact path that covers itself and whatever lies
 * below it by whole segments (`dist` covers `dist` and `dist/a`, never `dist-private/a`).
 */
export interface ShareScope {
  nodeIndex: number | null;
  pathPrefix: string;
}

/** The canonical prefix of a requested scope: '' or a valid artifact path without a trailing slash; null when it is no such path. */
export function canonicalSharePrefix(path: string | undefined): string | null {
  const trimmed = (path ?? '').replace(/\/+$/, '');
  if (trimmed === '') return '';
  return validateArtifactPath(trimmed).ok ? trimmed : null;
}

/** Whether the artifact at (`nodeIndex`, `path`) lies inside `scope`. `path` must be a valid artifact path (no `..`, no empty segment). */
export function shareScopeCovers(scope: ShareScope, nodeIndex: number, path: string): boolean {
  if (scope.nodeIndex !== null && scope.nodeIndex !== nodeIndex) return false;
  if (!validateArtifactPath(path).ok) return false;
  if (scope.pathPrefix === '') return true;
  return path === scope.pathPrefix || path.startsWith(`${scope.pathPrefix}/`);
}
