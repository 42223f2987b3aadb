import type { ArtifactRecord, InMemoryDatabase } from '../testing/in-memory-database';
import { blobKeyOf } from './blob.repository';
import { newBlobOf } from './upload.repository';
import { ensureBlobsInMemory } from './blob.repository.fake';
import type {
  BatchFileRecord,
  CompletedUploadRecord,
  NewUpload,
  PartTargetRecord,
  PendingClaim,
  PublishResult,
  StoredClaim,
  ReceivedPart,
  ResumableUpload,
  UploadCompletion,
  UploadRecord,
  UploadRepository,
  VerifiedUpload,
} from './upload.repository';

const DAY_MS = 24 * 3600_000;

/** UploadRepository over the in-memory artifacts table, for use-case unit tests; held to the same contract suite as PostgreSQL's. */
export class InMemoryUploadRepository implements UploadRepository {
  constructor(private readonly tables: InMemoryDatabase) {}

  private byId(id: string): ArtifactRecord | undefined {
    return this.tables.artifacts.find((a) => a.id === id);
  }

  async createPending(uploads: NewUpload[]): Promise<void> {
    for (const u of uploads) {
      if (this.tables.artifacts.some((a) => a.id === u.id || a.storageKey === u.storageKey)) throw new Error(`duplicate artifact ${u.id}`);
    }
    for (const u of uploads) {
      this.tables.artifacts.push({
        ...u,
        computedSha256: null,
        contentType: null,
        blobId: null,
        state: 'PENDING',
        failureReason: null,
        completedAt: null,
        availableAt: null,
      });
    }
  }

  async findPartTarget(artifactId: string): Promise<PartTargetRecord | null> {
    const a = this.byId(artifactId);
    if (!a) return null;
    return { state: a.state, completed: a.completedAt !== null, uploadId: a.uploadId, size: a.size, partSize: a.partSize, storageKey: a.storageKey, path: a.path };
  }

  async findForCompletion(artifactIds: string[]): Promise<UploadRecord[]> {
    return this.tables.artifacts
      .filter((a) => artifactIds.includes(a.id))
      .map(({ id, jobId, nodeIndex, path, state, completedAt, uploadId, size, partSize, storageKey, sha256 }) => ({
        id,
        jobId,
        nodeIndex,
        path,
        state,
        completedAt,
        uploadId,
        size,
        partSize,
        storageKey,
        sha256,
      }));
  }

  async markCompleted(at: Date, completions: UploadCompletion[]): Promise<void> {
    for (const c of completions) {
      const a = this.byId(c.id);
      if (!a || a.completedAt) continue;
      Object.assign(a, { completedAt: new Date(at), uploadId: null, sha256: c.sha256, computedSha256: c.computedSha256, expiresAt: new Date(at.getTime() + c.retentionDays * DAY_MS) });
    }
  }

  async findBatchFiles(artifactIds: readonly string[]): Promise<BatchFileRecord[]> {
    return this.tables.artifacts
      .filter((a) => artifactIds.includes(a.id))
      .map(({ id, jobId, nodeIndex, path, size, sha256, storageKey, createdAt, state, completedAt }) => ({
        id,
        jobId,
        projectId: this.tables.jobs.find((j) => j.id === jobId)!.projectId,
        nodeIndex,
        path,
        size,
        sha256,
        storageKey,
        createdAt,
        state,
        completed: completedAt !== null,
      }));
  }

  async markBatchCompleted(at: Date, verified: Array<{ id: string; sha256: string }>): Promise<Set<string>> {
    const completed = new Set<string>();
    for (const c of verified) {
      const a = this.byId(c.id);
      if (!a || a.completedAt || a.state !== 'PENDING' || a.sha256 !== c.sha256) continue;
      Object.assign(a, { completedAt: new Date(at), uploadId: null, computedSha256: c.sha256 });
      completed.add(c.id);
    }
    return completed;
  }

  async findCompleted(artifactIds: readonly string[]): Promise<CompletedUploadRecord[]> {
    return this.tables.artifacts
      .filter((a) => artifactIds.includes(a.id) && a.state === 'PENDING' && a.completedAt !== null)
      .map(({ id, jobId, nodeIndex, path, size, sha256, computedSha256, storageKey, createdAt }) => ({
        id,
        jobId,
        projectId: this.tables.jobs.find((j) => j.id === jobId)!.projectId,
        nodeIndex,
        path,
        size,
        sha256,
        computedSha256,
        storageKey,
        createdAt,
      }));
  }

  async publish(at: Date, winners: VerifiedUpload[], losers: string[]): Promise<PublishResult> {
    // Like the one SQL statement: `replaced` is decided on the rows as they were before publishing.
    const publishing = winners.filter((w) => this.byId(w.id)?.state === 'PENDING');
    const blobs = ensureBlobsInMemory(this.tables, publishing.map(newBlobOf));
    const published = new Set<string>();
    const deduplicated = new Set<string>();
    const toReplace = new Set<ArtifactRecord>();
    for (const w of publishing) {
      const a = this.byId(w.id)!;
      published.add(a.id);
      for (const o of this.tables.artifacts) {
        if (o.jobId === a.jobId && o.nodeIndex === a.nodeIndex && o.path === a.path && o.state === 'AVAILABLE' && o.id !== a.id) toReplace.add(o);
      }
    }
    for (const w of publishing) {
      const a = this.byId(w.id)!;
      const blob = blobs.get(blobKeyOf(w.projectId, w.sha256, w.size))!;
      if (blob.storageKey !== w.storageKey) {
        deduplicated.add(a.id);
        if (!this.tables.orphanedObjects.some((o) => o.storageKey === w.storageKey)) this.tables.orphanedObjects.push({ storageKey: w.storageKey, createdAt: new Date(at) });
      }
      Object.assign(a, { state: 'AVAILABLE', availableAt: new Date(at), contentType: w.contentType, computedSha256: w.sha256, failureReason: null, blobId: blob.id, storageKey: blob.storageKey });
    }
    for (const o of toReplace) o.state = 'DELETING';
    const superseded = new Set<string>();
    for (const id of losers) {
      const a = this.byId(id);
      if (a && a.state === 'PENDING') {
        a.state = 'DELETING';
        superseded.add(id);
      }
    }
    return { published, superseded, replaced: toReplace.size, deduplicated };
  }

  async claim(at: Date, claims: StoredClaim[]): Promise<{ claimed: Set<string>; replaced: number }> {
    const claimed = new Set<string>();
    let replaced = 0;
    for (const c of claims) {
      if (!this.tables.blobs.some((b) => b.id === c.blobId && b.state === 'AVAILABLE')) continue;
      for (const o of this.tables.artifacts) {
        if (o.jobId === c.jobId && o.nodeIndex === c.nodeIndex && o.path === c.path && o.state === 'AVAILABLE') {
          o.state = 'DELETING';
          replaced++;
        }
      }
      const { pathKey: _pathKey, ...fields } = c;
      this.tables.artifacts.push({
        ...fields,
        computedSha256: c.sha256,
        state: 'AVAILABLE',
        failureReason: null,
        uploadId: null,
        partSize: Math.max(c.size, 1),
        createdAt: new Date(at),
        completedAt: new Date(at),
        availableAt: new Date(at),
      });
      claimed.add(c.id);
    }
    return { claimed, replaced };
  }

  async claimPending(at: Date, claims: PendingClaim[]): Promise<{ claimed: Set<string>; replaced: number }> {
    const claimed = new Set<string>();
    let replaced = 0;
    for (const c of claims) {
      const a = this.byId(c.id);
      if (!this.tables.blobs.some((b) => b.id === c.blobId && b.state === 'AVAILABLE')) continue;
      if (!a || a.state !== 'PENDING' || a.completedAt || (a.sha256 && a.sha256 !== c.sha256)) continue;
      for (const o of this.tables.artifacts) {
        if (o !== a && o.jobId === a.jobId && o.nodeIndex === a.nodeIndex && o.path === a.path && o.state === 'AVAILABLE') {
          o.state = 'DELETING';
          replaced++;
        }
      }
      Object.assign(a, {
        state: 'AVAILABLE',
        blobId: c.blobId,
        storageKey: c.storageKey,
        sha256: c.sha256,
        computedSha256: c.sha256,
        contentType: c.contentType,
        uploadId: null,
        completedAt: new Date(at),
        availableAt: new Date(at),
      });
      claimed.add(c.id);
    }
    return { claimed, replaced };
  }

  async fail(failures: Array<{ id: string; reason: string }>): Promise<Array<{ id: string; storageKey: string }>> {
    const failed: Array<{ id: string; storageKey: string }> = [];
    for (const f of failures) {
      const a = this.byId(f.id);
      if (!a || a.state !== 'PENDING') continue;
      Object.assign(a, { state: 'FAILED', failureReason: f.reason });
      failed.push({ id: a.id, storageKey: a.storageKey });
    }
    return failed;
  }

  async findAbandoned(cutoff: Date, excluding: string[], limit: number) {
    return this.tables.artifacts
      .filter((a) => a.state === 'PENDING' && a.completedAt === null && a.createdAt < cutoff && !excluding.includes(a.id))
      .slice(0, limit)
      .map((a) => ({ id: a.id, storageKey: a.storageKey, uploadId: a.uploadId }));
  }

  async deleteAbandoned(artifactIds: string[]): Promise<void> {
    this.tables.artifacts = this.tables.artifacts.filter((a) => !(artifactIds.includes(a.id) && a.completedAt === null));
    this.dropOrphanParts();
  }

  async recordParts(parts: ReceivedPart[]): Promise<void> {
    this.dropOrphanParts();
    for (const part of parts) {
      const a = this.byId(part.artifactId);
      if (!a || a.state !== 'PENDING' || a.completedAt !== null) continue;
      const i = this.tables.uploadParts.findIndex((p) => p.artifactId === part.artifactId && p.partNumber === part.partNumber);
      if (i >= 0) this.tables.uploadParts.splice(i, 1);
      this.tables.uploadParts.push({ ...part, receivedAt: new Date(part.receivedAt) });
    }
  }

  async findResumable(query: { jobId: string; nodeIndex: number; paths: string[]; createdAfter: Date }): Promise<ResumableUpload[]> {
    this.dropOrphanParts();
    return this.tables.artifacts
      .filter(
        (a) =>
          a.jobId === query.jobId &&
          a.nodeIndex === query.nodeIndex &&
          query.paths.includes(a.path) &&
          a.state === 'PENDING' &&
          a.completedAt === null &&
          a.uploadId !== null &&
          a.createdAt > query.createdAfter,
      )
      .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (x.id < y.id ? -1 : 1))
      .map((a) => ({
        id: a.id,
        path: a.path,
        size: a.size,
        sha256: a.sha256,
        storageKey: a.storageKey,
        createdAt: a.createdAt,
        uploadId: a.uploadId!,
        partSize: a.partSize,
        sourceStamp: a.sourceStamp ?? null,
        parts: this.tables.uploadParts
          .filter((p) => p.artifactId === a.id)
          .sort((x, y) => x.partNumber - y.partNumber)
          .map(({ partNumber, size, etag }) => ({ partNumber, size, etag })),
      }));
  }

  /** The foreign key's ON DELETE CASCADE: other fakes delete artifacts without knowing of the ledger. */
  private dropOrphanParts(): void {
    const ids = new Set(this.tables.artifacts.map((a) => a.id));
    this.tables.uploadParts = this.tables.uploadParts.filter((p) => ids.has(p.artifactId));
  }

  async isUploadKnown(storageKey: string, uploadId: string): Promise<boolean> {
    return this.tables.artifacts.some((a) => a.storageKey === storageKey && a.uploadId === uploadId);
  }

  async findStalledCompleted(cutoff: Date, limit: number): Promise<string[]> {
    return this.tables.artifacts
      .filter((a) => a.state === 'PENDING' && a.completedAt !== null && a.completedAt < cutoff)
      .slice(0, limit)
      .map((a) => a.id);
  }
}
