import { DomainError } from '../errors';
import { assertArtifactPath, joinArtifactPath } from './artifact-path';

/**
 * CircleCI's `store_artifacts` step (`path`, optional `destination`) turned into artifact paths,
 * without touching the filesystem: the caller stats and walks, these functions only name things.
 * docs/artifact-paths.md holds the rules table; the spec runs every row of it.
 */

/** `path` or `destination` cannot be turned into an artifact path. */
export class StoreArtifactsPathError extends DomainError {
  override readonly name = 'StoreArtifactsPathError';
  constructor(message: string) {
    super('invalid_input', message);
  }
}

export interface StorePathContext {
  /** The step's working directory, absolute. Relative `path`s resolve against it. */
  cwd: string;
  /** The user's home directory, absolute. `~` and `~/…` resolve against it. */
  home: string;
}

/** A `store_artifacts` source once stat'ed: what the user named, resolved, and whether it is a directory. */
export interface StoreArtifactsSource {
  /** Absolute and lexically normalised (see {@link resolveStorePath}). */
  resolvedPath: string;
  isDirectory: boolean;
  destination?: string;
}

function requireAbsolute(path: string, what: string): void {
  if (!path.startsWith('/')) throw new StoreArtifactsPathError(`The ${what} "${path}" must be an absolute path.`);
}

/**
 * POSIX lexical normalisation of an absolute path: drops empty and `.` segments, applies `..`
 * (which stops at `/`, as the kernel does). Symlinks are not resolved: artifacts are named by the
 * path the user wrote, exactly as `cd` names the logical directory.
 */
function normaliseAbsolute(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`;
}

/**
 * Resolves a step's `path` the way CircleCI's agent does: `~` and `~/…` against the home directory
 * (only those: `~user` is an ordinary name, since there is no shell to expand it), relative paths
 * against the working directory, then lexical normalisation. A trailing `/` is dropped.
 */
export function resolveStorePath(path: string, context: StorePathContext): string {
  if (path === '') throw new StoreArtifactsPathError('The store_artifacts path is empty.');
  if (path === '~' || path.startsWith('~/')) {
    requireAbsolute(context.home, 'home directory');
    return normaliseAbsolute(`${context.home}/${path.slice(1)}`);
  }
  if (path.startsWith('/')) return normaliseAbsolute(path);
  requireAbsolute(context.cwd, 'working directory');
  return normaliseAbsolute(`${context.cwd}/${path}`);
}

/**
 * A destination is an artifact-path prefix, never a filesystem path: leading, trailing and doubled
 * `/` and `.` segments go, `..` may step back within it, but not above the job's artifact root.
 * The result may be `''` (the root), which only a directory can use.
 */
export function normaliseDestination(destination: string): string {
  const segments: string[] = [];
  for (const segment of destination.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) {
        throw new StoreArtifactsPathError(
          `The destination "${destination}" climbs above the artifacts root with "..".`,
        );
      }
      segments.pop();
    } else segments.push(segment);
  }
  return segments.join('/');
}

/**
 * The artifact path of a `store_artifacts` source: the source itself when it is a file, or one file
 * below it when it is a directory (`relativePath`, `/`-separated, as found by the walk).
 *
 * - file + destination: the destination (CircleCI: `path: /tmp/artifact-1, destination: artifact-file`
 *   is stored as `artifact-file`);
 * - directory + destination: the destination, then the file's layout below the directory;
 * - no destination: the resolved path less its leading `/` takes the destination's place
 *   (CircleCI stores `/tmp/artifacts/artifact-2` as `tmp/artifacts/artifact-2`).
 *
 * Throws {@link StoreArtifactsPathError} for an unusable destination and `InvalidArtifactPathError`
 * when the result is not a canonical artifact path (longer than 1024 bytes, say).
 */
export function storeArtifactsPath(source: StoreArtifactsSource, relativePath?: string): string {
  requireAbsolute(source.resolvedPath, 'resolved path');
  const prefix =
    source.destination === undefined
      ? normaliseAbsolute(source.resolvedPath).slice(1)
      : normaliseDestination(source.destination);

  if (!source.isDirectory) {
    if (relativePath !== undefined) {
      throw new StoreArtifactsPathError(`"${source.resolvedPath}" is a file; it has no files below it.`);
    }
    if (prefix === '') {
      throw new StoreArtifactsPathError(
        `The destination "${source.destination ?? ''}" of the file "${source.resolvedPath}" must name the artifact, not the root.`,
      );
    }
    return assertArtifactPath(prefix);
  }

  if (relativePath === undefined || relativePath === '') {
    throw new StoreArtifactsPathError(`A file below the directory "${source.resolvedPath}" needs its relative path.`);
  }
  // Not normalised: a walk never yields `..` or `//`, so one in `relativePath` is a bug and is refused.
  return joinArtifactPath(prefix, relativePath);
}
