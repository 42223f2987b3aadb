import type { BigIntStats, Dirent } from 'node:fs';
import { lstat, opendir, stat } from 'node:fs/promises';
import {
  InvalidArtifactPathError,
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

export interface CollectFilesOptions {
  /** The `store_artifacts` `path`: absolute, relative to `cwd`, or starting with `~`. */
  path: string;
  /** The `store_artifacts` `destination`. */
  destination?: string;
  cwd: string;
  home: string;
  /** Told about every entry left out, so the CLI can say why a file is not among the artifacts. */
  onSkip?: (skipped: SkippedEntry) => void;
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
    super(`Cannot store artifacts from "${path}"${path === resolvedPath ? '' : ` (${resolvedPath})`}: ${problem}.`);
  }
}

/** The `path` to store is neither a file nor a directory. */
export class UnsupportedArtifactSourceError extends CollectFilesError {
  override readonly name = 'UnsupportedArtifactSourceError';
  constructor(
    readonly path: string,
    readonly resolvedPath: string,
  ) {
    super(`Cannot store artifacts from "${path}" (${resolvedPath}): it is a socket, FIFO or device, not a file or directory.`);
  }
}

/** A file whose name cannot become an artifact path: bytes that are not UTF-8, a control character, too long. */
export class UnnameableFileError extends CollectFilesError {
  override readonly name = 'UnnameableFileError';
  constructor(
    readonly absolutePath: string,
    readonly reason: string,
  ) {
    // JSON quoting shows a newline or other control character in the name instead of printing it.
    super(`Cannot store ${JSON.stringify(absolutePath)} as an artifact: ${reason} Rename the file or leave it out.`);
  }
}

/** Stats in flight at once within one directory: enough to keep libuv's threads busy, bounded for huge directories. */
const STAT_CONCURRENCY = 32;

/** `fatal`: a name that is not UTF-8 is an error, not silently U+FFFD (which would then not even stat). */
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
    return [collected(resolvedPath, nameOrThrow(resolvedPath, () => storeArtifactsPath(source)), rootStats)];
  }
  if (!rootStats.isDirectory()) throw new UnsupportedArtifactSourceError(options.path, resolvedPath);

  const files = await walk(resolvedPath, rootStats, source, options.onSkip ?? (() => undefined));
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

    const entries = await readDirectory(directory.absolutePath, onSkip);
    for (let start = 0; start < entries.length; start += STAT_CONCURRENCY) {
      await Promise.all(
        entries.slice(start, start + STAT_CONCURRENCY).map(async (dirent) => {
          const name = decodeName(directory.absolutePath, dirent.name);
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
            if (!MISSING.has(errorCode(error))) throw error;
            onSkip({ absolutePath, reason: isLink ? 'broken-symlink' : 'vanished' });
            return;
          }

          if (stats.isFile()) {
            files.push(collected(absolutePath, nameOrThrow(absolutePath, () => storeArtifactsPath(source, relativePath)), stats));
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
async function readDirectory(path: string, onSkip: (skipped: SkippedEntry) => void): Promise<Dirent[]> {
  const entries: Dirent[] = [];
  try {
    // `for await` closes the handle when the listing ends or throws.
    for await (const dirent of await opendir(path, { encoding: 'latin1' })) entries.push(dirent);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
    onSkip({ absolutePath: path, reason: 'vanished' });
  }
  return entries;
}

function decodeName(directory: string, latin1Name: string): string {
  const bytes = Buffer.from(latin1Name, 'latin1');
  try {
    return utf8.decode(bytes);
  } catch {
    throw new UnnameableFileError(`${directory}/${bytes.toString('utf8')}`, 'its name is not valid UTF-8.');
  }
}

function nameOrThrow(absolutePath: string, name: () => string): string {
  try {
    return name();
  } catch (error) {
    if (error instanceof InvalidArtifactPathError) throw new UnnameableFileError(absolutePath, error.reason);
    throw error;
  }
}

function collected(absolutePath: string, artifactPath: string, stats: BigIntStats): CollectedFile {
  return { absolutePath, artifactPath, size: Number(stats.size), mode: Number(stats.mode & 0o7777n) };
}
