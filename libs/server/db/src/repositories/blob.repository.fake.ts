import crypto from 'node:crypto';
import type { CoreDumpFacts } from '@stowage/contracts';
import type { Blob, BlobFacts } from '@stowage/domain';
import type { InMemoryDatabase } from '../testing/in-memory-database';
import { blobKeyOf, type BlobDigest, type BlobReferrer, type BlobRepository, type DoomedBlob, type NewBlob, type ProjectStorage } from './blob.repository';

const doomed = (blob: Blob): DoomedBlob => ({ id: blob.id, storageKey: blob.storageKey, size: blob.size });

/** In memory, every call runs alone: the interleavings the row locks serialise in PostgreSQL cannot happen here. */
export class InMemoryBlobRepository implements BlobRepository {
  constructor(private readonly tables: InMemoryDatabase) {}

  private referenced(blobId: string): boolean {
    return this.tables.artifacts.some((a) => a.blobId === blobId);
  }

  async findStored(projectId: string, digests: readonly BlobDigest[]): Promise<Blob[]> {
    return this.tables.blobs
      .filter((b) => b.projectId === projectId && b.state === 'AVAILABLE' && digests.some((d) => d.sha256 === b.sha256 && d.size === b.size))
      .map((b) => ({ ...b }));
  }

  async findById(blobId: string): Promise<Blob | null> {
    const blob = this.tables.blobs.find((b) => b.id === blobId);
    return blob ? { ...blob } : null;
  }

  async findByArtifact(artifactId: string): Promise<Blob | null> {
    const artifact = this.tables.artifacts.find((a) => a.id === artifactId);
    return artifact?.blobId ? this.findById(artifact.blobId) : null;
  }

  async saveFacts(blobId: string, facts: BlobFacts): Promise<void> {
    const blob = this.tables.blobs.find((b) => b.id === blobId);
    if (blob) Object.assign(blob, facts);
  }

  async saveCoreFacts(blobId: string, facts: CoreDumpFacts): Promise<void> {
    const blob = this.tables.blobs.find((b) => b.id === blobId);
    if (blob) blob.coreFacts = structuredClone(facts);
  }

  async markUnreferencedDeleting(limit: number, candidates?: readonly string[]): Promise<DoomedBlob[]> {
    const marked = this.tables.blobs
      .filter((b) => b.state === 'AVAILABLE' && (!candidates || candidates.includes(b.id)) && !this.referenced(b.id))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, limit);
    for (const blob of marked) blob.state = 'DELETING';
    return marked.map(doomed);
  }

  async markDeleting(blobId: string): Promise<boolean> {
    const blob = this.tables.blobs.find((b) => b.id === blobId && b.state === 'AVAILABLE');
    if (blob) blob.state = 'DELETING';
    return blob !== undefined;
  }

  private referrers(blobId: string) {
    return this.tables.artifacts.filter((a) => a.blobId === blobId && a.state !== 'DELETING');
  }

  async listReferrers(blobId: string, limit: number): Promise<{ total: number; artifacts: BlobReferrer[] }> {
    const bytes = (text: string) => Buffer.from(text, 'utf8');
    const listed = this.referrers(blobId).map((a) => ({
      id: a.id,
      jobNumber: this.tables.jobs.find((j) => j.id === a.jobId)!.number,
      nodeIndex: a.nodeIndex,
      path: a.path,
      size: a.size,
      state: a.state,
    }));
    listed.sort((a, b) => a.jobNumber - b.jobNumber || a.nodeIndex - b.nodeIndex || Buffer.compare(bytes(a.path), bytes(b.path)) || (a.id < b.id ? -1 : 1));
    return { total: listed.length, artifacts: listed.slice(0, limit) };
  }

  async purge(blobId: string, expectedArtifacts: number): Promise<{ purged: boolean; artifacts: number } | null> {
    const blob = this.tables.blobs.find((b) => b.id === blobId);
    if (!blob) return null;
    const referrers = this.referrers(blobId);
    if (referrers.length !== expectedArtifacts) return { purged: false, artifacts: referrers.length };
    blob.state = 'DELETING';
    for (const artifact of referrers) artifact.state = 'DELETING';
    return { purged: true, artifacts: referrers.length };
  }

  async markBroken(blobId: string, reason: string): Promise<number | null> {
    const blob = this.tables.blobs.find((b) => b.id === blobId && b.state === 'AVAILABLE');
    if (!blob) return null;
    blob.state = 'DELETING';
    const failed = this.tables.artifacts.filter((a) => a.blobId === blobId && a.state === 'AVAILABLE');
    for (const artifact of failed) Object.assign(artifact, { state: 'FAILED', failureReason: reason });
    return failed.length;
  }

  async listDeletable(limit: number): Promise<DoomedBlob[]> {
    return this.tables.blobs
      .filter((b) => b.state === 'DELETING' && !this.referenced(b.id))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, limit)
      .map(doomed);
  }

  async remove(blobIds: readonly string[]): Promise<void> {
    this.tables.blobs = this.tables.blobs.filter((b) => !(blobIds.includes(b.id) && b.state === 'DELETING' && !this.referenced(b.id)));
  }

  async listOrphanedObjects(limit: number): Promise<string[]> {
    return this.tables.orphanedObjects.slice(0, limit).map((o) => o.storageKey);
  }

  async removeOrphanedObjects(keys: readonly string[]): Promise<void> {
    this.tables.orphanedObjects = this.tables.orphanedObjects.filter((o) => !keys.includes(o.storageKey));
  }

  async listAvailable(page: { after?: string; limit: number }): Promise<Blob[]> {
    return this.tables.blobs
      .filter((b) => b.state === 'AVAILABLE' && (!page.after || b.id > page.after))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, page.limit)
      .map((b) => ({ ...b }));
  }

  async storageByProject(organizationId: string): Promise<ProjectStorage[]> {
    return this.tables.projects
      .filter((p) => p.organizationId === organizationId)
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((project) => {
        const jobIds = new Set(this.tables.jobs.filter((j) => j.projectId === project.id).map((j) => j.id));
        const logicalBytes = this.tables.artifacts.filter((a) => jobIds.has(a.jobId) && a.state === 'AVAILABLE').reduce((sum, a) => sum + a.size, 0);
        const ownObjects = this.tables.artifacts.filter((a) => jobIds.has(a.jobId) && a.state === 'AVAILABLE' && a.blobId === null).reduce((sum, a) => sum + a.size, 0);
        const physicalBytes = ownObjects + this.tables.blobs.filter((b) => b.projectId === project.id && b.state === 'AVAILABLE').reduce((sum, b) => sum + b.size, 0);
        return { projectId: project.id, logicalBytes, physicalBytes };
      })
      .filter((row) => row.logicalBytes > 0 || row.physicalBytes > 0);
  }
}

/** ensureBlobs over the in-memory tables (the upload fake's publish and claim use it). */
export function ensureBlobsInMemory(tables: InMemoryDatabase, blobs: readonly NewBlob[]): Map<string, { id: string; storageKey: string }> {
  const found = new Map<string, { id: string; storageKey: string }>();
  for (const blob of blobs) {
    const key = blobKeyOf(blob.projectId, blob.sha256, blob.size);
    if (found.has(key)) continue;
    let stored = tables.blobs.find((b) => b.projectId === blob.projectId && b.sha256 === blob.sha256 && b.size === blob.size && b.state === 'AVAILABLE');
    if (!stored) {
      const { projectId, sha256, size, storageKey, sniffedType, isText, isElfCore } = blob;
      stored = { id: crypto.randomUUID(), projectId, sha256, size, storageKey, sniffedType, isText, isElfCore, coreFacts: null, state: 'AVAILABLE', createdAt: tables.now() };
      tables.blobs.push(stored);
    }
    found.set(key, { id: stored.id, storageKey: stored.storageKey });
  }
  return found;
}
