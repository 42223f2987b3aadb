import { mkdir, open, rename, rmdir, stat, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { StorageError } from '@stowage/domain';
import { assertStorageKey } from './storage-arguments';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Where the filesystem driver keeps things, and the one place that turns keys and upload ids into
 * paths: objects at `<dataDir>/objects/<key>`, each upload in progress in its own directory
 * `<dataDir>/uploads/<uploadId>/` (its bytes in `data`, one record per received part). No key or
 * id reaches the disk without passing the containment checks here.
 */
export class FilesystemPaths {
  readonly objectsDir: string;
  readonly uploadsDir: string;

  constructor(dataDir: string) {
    if (!dataDir) throw new StorageError('INVALID_ARGUMENT', 'The filesystem driver needs a dataDir');
    const root = path.resolve(dataDir);
    this.objectsDir = path.join(root, 'objects');
    this.uploadsDir = path.join(root, 'uploads');
  }

  /** Resolves a key inside `objects/`, refusing anything that would land elsewhere. */
  object(key: string): string {
    assertStorageKey(key);
    const resolved = path.resolve(this.objectsDir, key);
    // Belt and braces behind assertStorageKey: whatever the key, the path must stay under objects/.
    if (!resolved.startsWith(this.objectsDir + path.sep)) {
      throw new StorageError('INVALID_KEY', `Refusing storage key ${JSON.stringify(key)}: it leaves the store`);
    }
    return resolved;
  }

  upload(uploadId: string): string {
    assertUploadId(uploadId);
    return path.join(this.uploadsDir, uploadId);
  }

  uploadData(uploadId: string): string {
    return path.join(this.upload(uploadId), 'data');
  }

  partRecord(uploadId: string, partNumber: number): string {
    return path.join(this.upload(uploadId), `part-${partNumber}.json`);
  }

  isUploadId(name: string): boolean {
    return UUID.test(name);
  }

  /** Without this, every expired artifact would leave its directories behind forever. */
  async pruneEmptyParents(dir: string): Promise<void> {
    while (dir.startsWith(this.objectsDir + path.sep)) {
      try {
        await rmdir(dir);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOENT') return;
        throw error;
      }
      dir = path.dirname(dir);
    }
  }

  /**
   * rename(2) is atomic, so readers see the old object or the whole new one. The parent directory is
   * fsynced so the new entry survives a crash. A concurrent deleteMany may prune the freshly created
   * parent between mkdir and rename, hence the retry.
   */
  async moveIntoPlace(tmp: string, target: string): Promise<void> {
    const dir = path.dirname(target);
    // Rename first: a job's objects share a directory, so it usually exists already.
    for (let attempt = 1; ; attempt++) {
      try {
        await rename(tmp, target);
        break;
      } catch (error) {
        if (attempt >= 4 || !isMissing(error) || !(await exists(tmp))) throw error;
        await mkdir(dir, { recursive: true });
      }
    }
    await fsyncDirectory(dir);
  }
}

function assertUploadId(uploadId: string): void {
  // The id becomes a directory name, so anything but a UUID could point outside uploads/.
  if (!UUID.test(uploadId)) {
    throw new StorageError('INVALID_ARGUMENT', `${JSON.stringify(uploadId)} is not a filesystem upload id`);
  }
}

export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Removes a file that may already be gone. Plain unlink: `rm(path, { force: true })` costs two
 * lstat calls before it, and the driver removes several files per upload (measured: rm was 3 % of
 * the API's CPU while 10,000 small files were uploaded).
 */
export async function removeFile(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
