import crypto from 'node:crypto';
import { isStorageError, type Blob } from '@stowage/domain';
import type { ServerContext } from '../../server-context';

const PAGE = 500;

export type BlobProblem = 'missing' | 'size-mismatch' | 'digest-mismatch';

export interface BrokenBlob {
  blobId: string;
  projectId: string;
  storageKey: string;
  sha256: string;
  size: number;
  problem: BlobProblem;
  /** What the store holds instead: its size, or (deep) its SHA-256. */
  found?: { size?: number; sha256?: string };
  /** The artifacts marked FAILED because of it. */
  failedArtifacts: number;
}

export interface VerifyReport {
  deep: boolean;
  checkedBlobs: number;
  checkedBytes: number;
  broken: BrokenBlob[];
}

/** Why an artifact failed, in its failure_reason (the web app shows it). */
const REASONS: Record<BlobProblem, string> = {
  missing: 'its bytes are missing from storage (found by stowage-admin verify)',
  'size-mismatch': 'its stored bytes have the wrong size (found by stowage-admin verify)',
  'digest-mismatch': 'its stored bytes do not match their SHA-256 (found by stowage-admin verify --deep)',
};

/** The object's SHA-256 and length, read as a stream (never held in memory). */
async function digestOf(ctx: Pick<ServerContext, 'storage'>, key: string): Promise<{ sha256: string; size: number } | null> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of await ctx.storage.read(key)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (error) {
    if (isStorageError(error, 'NOT_FOUND')) return null;
    throw error;
  }
  return { sha256: hash.digest('hex'), size };
}

async function problemOf(ctx: Pick<ServerContext, 'storage'>, blob: Blob, deep: boolean): Promise<Pick<BrokenBlob, 'problem' | 'found'> | null> {
  const stat = await ctx.storage.stat(blob.storageKey);
  if (!stat) return { problem: 'missing' };
  if (stat.size !== blob.size) return { problem: 'size-mismatch', found: { size: stat.size } };
  if (!deep) return null;
  const read = await digestOf(ctx, blob.storageKey);
  if (!read) return { problem: 'missing' };
  if (read.size !== blob.size) return { problem: 'size-mismatch', found: { size: read.size } };
  if (read.sha256 !== blob.sha256) return { problem: 'digest-mismatch', found: { sha256: read.sha256 } };
  return null;
}

/**
 * Checks the store against the database (stowage-admin verify): every AVAILABLE blob's object
 * exists with its size and, with `deep`, its SHA-256. A missing or corrupt blob becomes DELETING, so
 * no upload can claim those bytes again (the agent sends them anew), and its artifacts FAILED with
 * the reason, so listings and downloads stop offering bytes that are gone; the sweep removes the
 * blob once those artifacts expire. A store that cannot be reached fails the run (nothing is marked).
 * The report is the output (the admin command prints it as its one JSON document), so nothing is logged.
 */
export async function verifyStorage(ctx: Pick<ServerContext, 'blobs' | 'storage'>, input: { deep?: boolean } = {}): Promise<VerifyReport> {
  const deep = input.deep ?? false;
  const report: VerifyReport = { deep, checkedBlobs: 0, checkedBytes: 0, broken: [] };
  let after: string | undefined;
  for (;;) {
    const page = await ctx.blobs.listAvailable({ after, limit: PAGE });
    for (const blob of page) {
      const found = await problemOf(ctx, blob, deep);
      report.checkedBlobs++;
      report.checkedBytes += blob.size;
      if (!found) continue;
      // Null: purged or swept while it was checked, so its object going is no fault.
      const failedArtifacts = await ctx.blobs.markBroken(blob.id, REASONS[found.problem]);
      if (failedArtifacts === null) continue;
      const broken: BrokenBlob = { blobId: blob.id, projectId: blob.projectId, storageKey: blob.storageKey, sha256: blob.sha256, size: blob.size, ...found, failedArtifacts };
      report.broken.push(broken);
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
  }
  return report;
}
