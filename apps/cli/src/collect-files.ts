import type { BigIntStats, Dirent } from 'node:fs';
import { lstat, opendir, stat } from 'node:fs/promises';
import {
  InvalidArtifactPathError,
  displayArtifactPath,
  displayFileNameBytes,
  normaliseDestination,
  resolveStorePath,
  storeArtifactsPath,
  type StoreArtifactsSource,
} from '@stowage/domain';

/** One file to upload, named as CircleCI's `store_artifacts` would name it (docs/artifact-paths.md). */
export interface CollectedFile {
  /** Where to read the bytes: the path as walked, through any symlinks. */
  absolutePath: string;
  artifactPath: string;
  size: number;
  /** Permission bits (`mode & 0o7777`) of the file, or of a symlink's target. */
  mode: number;
}

export type SkipReason =
  /** A symlink whose target is missing, or a chain of symlinks that loops. */
  | 'broken-symlink'
  /** A socket, FIFO or device: nothing a job could mean to store, and reading one could block. */
  | 'special-file'
  /** A directory (usually reached through a symlink) already walked: this is what stops loops. */
  | 'directory-already-walked'
  /** Listed in its directory but gone by the time it was stat'ed. */
  | 'vanished';

export interface SkippedEntry {
  absolutePath: string;
  reason: SkipReason;
}

/**
 * A file (or directory) that cannot be stored: its name is not UTF-8 or cannot be an artifact path,
 * or it cannot be listed or stat'ed. It costs only itself: the rest is collected and uploaded.
 */
export interface RefusedEntry {
  /** The path as it may be printed: escaped by `displayArtifactPath`, bytes that are not UTF-8 as `\xNN`. */
  displayPath: string;
  /** A sentence saying why. */
  reason: string;
}

export interface CollectFilesOptions {
  /** The `store_artifacts` `path`: absolute, relative to `cwd`, or starting with `~`. */
  path: string;
  /** The `store_artifacts` `destination`. */
  destination?: string;
  cwd: string;
  home: string;
  /** Told about every entry left out, so the CLI can say why a file is not among the artifacts. */
  onSkip?: (skipped: SkippedEntry) => void;
  /** Told about every entry that cannot be stored, which the CLI lists as failed. */
  onRefuse: (refused: RefusedEntry) => void;
}

export class CollectFilesError extends Error {
  override readonly name: string = 'CollectFilesError';
}

/** The `path` to store does not exist (or is a broken symlink). */
export class ArtifactSourceNotFoundError extends CollectFilesError {
  override readonly name = 'ArtifactSourceNotFoundError';
  constructor(
    readonly path: string,
    readonly resolvedPath: string,
    problem: string,
  ) {
    super(`Cannot store artifacts from "${displayArtifactPath(path)}"${path === resolvedPath ? '' : ` (${displayArtifactPath(resolvedPath)})`}: ${problem}.`);
  }
}

/** The `path` to store is neither a file nor a directory. */
export class UnsupportedArtifactSourceError extends CollectFilesError {
  override readonly name = 'UnsupportedArtifactSourceError';
  constructor(
    readonly path: string,
    readonly resolvedPath: string,
  ) {
    super(`Cannot store artifacts from "${displayArtifactPath(path)}" (${displayArtifactPath(resolvedPath)}): it is a socket, FIFO or device, not a file or directory.`);
  }
}

/** Stats in flight at once within one directory: enough to keep libuv's threads busy, bounded for huge directories. */
const STAT_CONCURRENCY = 32;

/** `fatal`: a name that is not UTF-8 is refused, not silently U+FFFD (which would then not even stat). */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const MISSING = new Set(['ENOENT', 'ENOTDIR', 'ELOOP']);
const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code ?? '';

/**
 * Every file `store_artifacts` would upload for `path`/`destination`, sorted by artifact path.
 * Directories are walked iteratively (no recursion, so depth is no problem) with one directory
 * handle open at a time; symlinks are followed, each directory is walked once (by `dev:ino` of
 * its target), and broken symlinks, sockets, FIFOs and devices are skipped.
 */
export async function collectFiles(options: CollectFilesOptions): Promise<CollectedFile[]> {
  const resolvedPath = resolveStorePath(options.path, options);
  // Check the destination before any I/O, so a typo fails at once even for an empty directory.
  if (options.destination !== undefined) normaliseDestination(options.destination);

  const rootStats = await statSource(options.path, resolvedPath);
  const source: StoreArtifactsSource = { resolvedPath, isDirectory: rootStats.isDirectory(), destination: options.destination };
  if (rootStats.isFile()) {
    const artifactPath = nameOrRefuse(resolvedPath, () => storeArtifactsPath(source), options.onRefuse);
    return artifactPath === undefined ? [] : [collected(resolvedPath, artifactPath, rootStats)];
  }
  if (!rootStats.isDirectory()) throw new UnsupportedArtifactSourceError(options.path, resolvedPath);

  const files = await walk(resolvedPath, rootStats, source, options.onSkip ?? (() => undefined), options.onRefuse);
  // Code-unit order: deterministic whatever the locale.
  return files.sort((a, b) => (a.artifactPath < b.artifactPath ? -1 : a.artifactPath > b.artifactPath ? 1 : 0));
}

async function statSource(path: string, resolvedPath: string): Promise<BigIntStats> {
  try {
    return await stat(resolvedPath, { bigint: true });
  } catch (error) {
    if (!MISSING.has(errorCode(error))) throw error;
    const link = await lstat(resolvedPath).catch(() => undefined);
    const problem = link?.isSymbolicLink()
      ? errorCode(error) === 'ELOOP'
        ? 'it is a symbolic link that loops'
        : 'it is a broken symbolic link (its target does not exist)'
      : 'no such file or directory';
    throw new ArtifactSourceNotFoundError(path, resolvedPath, problem);
  }
}

interface PendingDirectory {
  absolutePath: string;
  /** Below the source directory, `/`-separated; `''` for the source itself. */
  relativePath: string;
  /** `dev:ino` of the directory the path leads to, whether or not through a symlink. */
  identity: string;
}

const identityOf = (stats: BigIntStats) => `${stats.dev}:${stats.ino}`;

async function walk(
  root: string,
  rootStats: BigIntStats,
  source: StoreArtifactsSource,
  onSkip: (skipped: SkippedEntry) => void,
  onRefuse: (refused: RefusedEntry) => void,
): Promise<CollectedFile[]> {
  const files: CollectedFile[] = [];
  const walked = new Set<string>();
  // Directories reached without a symlink are walked before any reached through one, so a directory
  // reachable both ways is named by its real place in the tree, not by whichever link sorts first.
  const realDirectories: PendingDirectory[] = [{ absolutePath: root, relativePath: '', identity: identityOf(rootStats) }];
  const linkedDirectories: PendingDirectory[] = [];

  for (;;) {
    const directory = realDirectories.pop() ?? linkedDirectories.pop();
    if (!directory) break;
    if (walked.has(directory.identity)) {
      onSkip({ absolutePath: directory.absolutePath, reason: 'directory-already-walked' });
      continue;
    }
    walked.add(directory.identity);

    const entries = await readDirectory(directory.absolutePath, onSkip, onRefuse);
    for (let start = 0; start < entries.length; start += STAT_CONCURRENCY) {
      await Promise.all(
        entries.slice(start, start + STAT_CONCURRENCY).map(async (dirent) => {
          const name = decodeName(directory.absolutePath, dirent, onRefuse);
          if (name === undefined) return;
          const absolutePath = directory.absolutePath === '/' ? `/${name}` : `${directory.absolutePath}/${name}`;
          const relativePath = directory.relativePath === '' ? name : `${directory.relativePath}/${name}`;

          if (dirent.isFIFO() || dirent.isSocket() || dirent.isBlockDevice() || dirent.isCharacterDevice()) {
            onSkip({ absolutePath, reason: 'special-file' });
            return;
          }
          let isLink = dirent.isSymbolicLink();
          let stats: BigIntStats;
          try {
            // Some filesystems do not report the type when listing; ask for it then.
            if (!dirent.isFile() && !dirent.isDirectory() && !isLink) isLink = (await lstat(absolutePath)).isSymbolicLink();
            stats = await stat(absolutePath, { bigint: true });
          } catch (error) {
            if (MISSING.has(errorCode(error))) onSkip({ absolutePath, reason: isLink ? 'broken-symlink' : 'vanished' });
            else onRefuse({ displayPath: displayArtifactPath(absolutePath), reason: `it cannot be read: ${describeFsError(error)}.` });
            return;
          }

          if (stats.isFile()) {
            const artifactPath = nameOrRefuse(absolutePath, () => storeArtifactsPath(source, relativePath), onRefuse);
            if (artifactPath !== undefined) files.push(collected(absolutePath, artifactPath, stats));
          } else if (stats.isDirectory()) {
            (isLink ? linkedDirectories : realDirectories).push({ absolutePath, relativePath, identity: identityOf(stats) });
          } else {
            onSkip({ absolutePath, reason: 'special-file' });
          }
        }),
      );
    }
  }
  return files;
}

/**
 * Lists a directory and closes it before anything else is opened. Names come back as latin1, one
 * char per byte, so the exact bytes survive and `decodeName` can insist on UTF-8 (with the default
 * encoding Node would replace bad bytes with U+FFFD, and that name would not even stat).
 */
async function readDirectory(path: string, onSkip: (skipped: SkippedEntry) => void, onRefuse: (refused: RefusedEntry) => void): Promise<Dirent[]> {
  const entries: Dirent[] = [];
  try {
    // `for await` closes the handle when the listing ends or throws.
    for await (const dirent of await opendir(path, { encoding: 'latin1' })) entries.push(dirent);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') onSkip({ absolutePath: path, reason: 'vanished' });
    // A directory this user may not list (EACCES) costs its own files, not the others'.
    else onRefuse({ displayPath: displayArtifactPath(path), reason: `the directory cannot be listed, so nothing below it was stored: ${describeFsError(error)}.` });
    return [];
  }
  return entries;
}

/** The entry's name as text, or `undefined` (and refused, its bytes shown escaped) when it is not UTF-8. */
function decodeName(directory: string, dirent: Dirent, onRefuse: (refused: RefusedEntry) => void): string | undefined {
  const bytes = Buffer.from(dirent.name, 'latin1');
  try {
    return utf8.decode(bytes);
  } catch {
    const below = dirent.isDirectory() ? ', so nothing below it was stored' : '';
    onRefuse({
      displayPath: `${displayArtifactPath(directory === '/' ? '' : directory)}/${displayFileNameBytes(bytes)}`,
      reason: `its name is not valid UTF-8 (an artifact path is UTF-8)${below}; rename it.`,
    });
    return undefined;
  }
}

function nameOrRefuse(absolutePath: string, name: () => string, onRefuse: (refused: RefusedEntry) => void): string | undefined {
  try {
    return name();
  } catch (error) {
    if (!(error instanceof InvalidArtifactPathError)) throw error;
    onRefuse({ displayPath: displayArtifactPath(absolutePath), reason: error.reason });
    return undefined;
  }
}

/** `EACCES: permission denied` without the raw path Node appends (it is shown, escaped, beside it). */
function describeFsError(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${code}: ${message.replace(new RegExp(`^${code}: `), '').replace(/, \w+ '.*'$/s, '')}` : message;
}

function collected(absolutePath: string, artifactPath: string, stats: BigIntStats): CollectedFile {
  return { absolutePath, artifactPath, size: Number(stats.size), mode: Number(stats.mode & 0o7777n) };
}
