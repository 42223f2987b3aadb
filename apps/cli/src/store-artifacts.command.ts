import { ApiError, createApiClient, type ApiClient } from '@stowage/api-client';
import {
  CreateUploadBatchRequestSchema,
  CreateUploadsRequestSchema,
  MAX_FILES_PER_UPLOAD_BATCH,
  MAX_FILES_PER_UPLOAD_REQUEST,
  type CompleteUploadsRequest,
  type CreateUploadBatchRequest,
  type CreateUploadBatchResponse,
  type CreateUploadsRequest,
  type CreateUploadsResponse,
} from '@stowage/contracts';
import { DomainError, displayArtifactPath, displayText, formatBytes } from '@stowage/domain';
import { ArtifactSourceNotFoundError, CollectFilesError, collectFiles, type CollectedFile, type RefusedEntry, type SkippedEntry, type SkipReason } from './collect-files';
import { formatDuration, formatThroughput } from './format-timing';
import type { ProxySettings } from './http-dispatcher';
import { BatchSender } from './batch-sender';
import { readSmallFile, snapshotFile, type FileSnapshot, type ReadFile } from './hash-file';
import { PartUploader, errorMessageOf } from './part-uploader';
import { createProgressReporter, type ProgressOutput, type ProgressReporter } from './progress-reporter';
import { DEFAULT_RETRY_POLICY, HttpStatusError, withRetry, type RetryPolicy } from './retry';
import { UsageError, type StoreArtifactsConfig } from './store-artifacts-options';
import { BATCH_BYTES, BATCHES_OF_SMALL_FILES_IN_FLIGHT, planBatches, sendIsolatingRefusals } from './upload-batches';
import { uploadFile, type UploadedPart } from './upload-file';
import { WorkerPool } from './worker-pool';

export interface StoreArtifactsIo {
  /** The summary: the one thing a script may want to read. */
  stdout: { write(text: string): unknown };
  /** Progress, warnings and failures. */
  stderr: ProgressOutput;
  cwd: string;
  home: string;
  /** The proxy part uploads go through (main.ts reads it from the environment). */
  proxy?: ProxySettings;
  /** The API client's fetch; tests wrap it to act between the protocol's steps. */
  fetch?: typeof fetch;
  now?: () => number;
  progressIntervalMs?: number;
  /** Backoff waits (tests make them short). */
  retryPolicy?: Partial<RetryPolicy>;
}

export interface FileFailure {
  /** The file's path as it may be printed (`displayArtifactPath`; a name that is not UTF-8 shows its bytes as `\xNN`). */
  displayPath: string;
  /** Absent when the file could not even be named. */
  artifactPath?: string;
  message: string;
}

export interface StoreArtifactsResult {
  exitCode: 0 | 1;
  files: number;
  storedFiles: number;
  storedBytes: number;
  /** Of the stored bytes, those this run sent: the others the server held (from an earlier run cut off, or the project's identical files). */
  sentBytes: number;
  /** Of the stored files, those the project already held byte for byte: nothing (or only what left before the server said so) was sent. */
  alreadyStoredFiles: number;
  alreadyStoredBytes: number;
  failures: FileFailure[];
  durationMs: number;
}

/**
 * Create batches being worked on at once: while one batch's last parts upload, the next one is
 * created, so the pool never idles between batches, and memory stays bounded by two
 * batches' worth of upload targets whatever the number of files.
 */
const BATCHES_IN_FLIGHT = 2;
/** Failures listed one by one; past this the count is enough (a revoked token fails every file). */
const MAX_FAILURES_LISTED = 100;
const MAX_SKIPS_LISTED = 20;

/** Statuses where the server refused a file in the batch (its path, its size), not the batch itself. */
const CREATE_REFUSALS = new Set([400, 413, 422]);
/** Statuses where one upload in the batch cannot be completed (unknown, parts missing). */
const COMPLETE_REFUSALS = new Set([400, 404, 409]);

const SKIP_REASONS: Record<SkipReason, string> = {
  'broken-symlink': 'a broken symbolic link',
  'special-file': 'not a regular file (a socket, FIFO or device)',
  'directory-already-walked': 'a directory already stored through another path',
  vanished: 'deleted while the directory was being listed',
};

/**
 * `store-artifacts`: collect the files as CircleCI's `store_artifacts` step names them, then for
 * each batch of up to 500: create (one request) → PUT every part while hashing the file →
 * complete with the sha256s (one request per 500 completed files). Failures are per file; the run stops early only when the server
 * refuses the run itself (bad token, unknown project) or stays unreachable.
 */
export async function storeArtifacts(config: StoreArtifactsConfig, io: StoreArtifactsIo): Promise<StoreArtifactsResult> {
  const now = io.now ?? Date.now;
  const startedAt = now();
  const skipped: SkippedEntry[] = [];
  const refused: RefusedEntry[] = [];
  let files: CollectedFile[];
  try {
    files = await collectFiles({
      path: config.path,
      destination: config.destination,
      cwd: io.cwd,
      home: io.home,
      onSkip: (entry) => skipped.push(entry),
      onRefuse: (entry) => refused.push(entry),
    });
  } catch (error) {
    // CircleCI's store_artifacts step succeeds with a note when the path does not exist (screenshots
    // that only a failing test writes, say); a job moving to Stowage must not start failing there.
    if (error instanceof ArtifactSourceNotFoundError) {
      io.stderr.write(`No artifact files found at ${config.path}: ${error.message}\n`);
      return { exitCode: 0, files: 0, storedFiles: 0, storedBytes: 0, sentBytes: 0, alreadyStoredFiles: 0, alreadyStoredBytes: 0, failures: [], durationMs: now() - startedAt };
    }
    if (error instanceof CollectFilesError || error instanceof DomainError) throw new UsageError([error.message]);
    throw error;
  }
  listSkipped(skipped, io.stderr);
  // A file that cannot be named or read costs only itself: it is listed with the failures at the end.
  const refusals: FileFailure[] = refused.map(({ displayPath, reason }) => ({ displayPath, message: reason }));
  if (!files.length && !refusals.length) {
    io.stderr.write(`No artifact files found at ${displayArtifactPath(config.path)}\n`);
    return { exitCode: 0, files: 0, storedFiles: 0, storedBytes: 0, sentBytes: 0, alreadyStoredFiles: 0, alreadyStoredBytes: 0, failures: [], durationMs: now() - startedAt };
  }
  if (!files.length) {
    listFailures(refusals, undefined, io.stderr);
    return { exitCode: 1, files: refusals.length, storedFiles: 0, storedBytes: 0, sentBytes: 0, alreadyStoredFiles: 0, alreadyStoredBytes: 0, failures: refusals, durationMs: now() - startedAt };
  }

  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  io.stderr.write(
    `Uploading ${files.length} ${files.length === 1 ? 'file' : 'files'} (${formatBytes(totalBytes)}) from ${displayArtifactPath(config.path)} to ${config.project} job ${config.jobNumber}` +
      `${config.nodeIndex ? ` node ${config.nodeIndex}` : ''} on ${config.url}\n`,
  );

  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...io.retryPolicy, retries: config.retries };
  const progress = createProgressReporter({ output: io.stderr, intervalMs: io.progressIntervalMs, now });
  const uploader = new PartUploader({
    retry,
    maxSockets: config.concurrency,
    proxy: io.proxy,
    onRetry: ({ source, part, error, retryNumber, delayMs }) =>
      progress.log(`retry ${retryNumber}/${retry.retries} of part ${part.partNumber} of ${displayArtifactPath(source.absolutePath)} in ${formatDuration(delayMs)}: ${describeError(error)}`),
  });
  const batchSender = new BatchSender({
    retry,
    maxSockets: BATCHES_OF_SMALL_FILES_IN_FLIGHT,
    proxy: io.proxy,
    onRetry: ({ files: count, error, retryNumber, delayMs }) => progress.log(`retry ${retryNumber}/${retry.retries} of a batch of ${count} files in ${formatDuration(delayMs)}: ${describeError(error)}`),
  });
  const run = new UploadRun(config, createApiClient({ baseUrl: config.url, token: config.token, fetch: io.fetch }), new WorkerPool(config.concurrency), uploader, batchSender, progress, retry);
  progress.start({ files: files.length, bytes: totalBytes });
  // Small files go in batches, one tar stream each; the others through the per-file protocol, beside them.
  const small = files.filter((file) => file.size <= config.batchThreshold);
  const large = files.filter((file) => file.size > config.batchThreshold);
  try {
    await Promise.all([run.uploadSmall(small), run.upload(large)]);
  } finally {
    progress.stop();
    uploader.close();
    batchSender.close();
  }

  const durationMs = now() - startedAt;
  const failures = sortFailures([...refusals, ...run.failureList()]);
  const total = files.length + refusals.length;
  const stored = `${run.storedFiles === total ? '' : `${run.storedFiles} of `}${total} ${total === 1 ? 'file' : 'files'}`;
  // Bytes sent versus bytes stored: the throughput is of what was sent; the rest the server held,
  // from a run cut off (resumed parts) or because the project holds those files already.
  const held = run.storedBytes - run.sentBytes;
  const alreadyStored = run.alreadyStoredFiles
    ? `; ${run.alreadyStoredFiles} ${run.alreadyStoredFiles === 1 ? 'file' : 'files'} (${formatBytes(run.alreadyStoredBytes)}) already stored`
    : '';
  const sent = held > 0 || alreadyStored ? `; sent ${formatBytes(run.sentBytes)} of ${formatBytes(run.storedBytes)}${alreadyStored}` : '';
  io.stdout.write(`Stored ${stored} (${formatBytes(run.storedBytes)}) in ${formatDuration(durationMs)}, ${formatThroughput(run.sentBytes, durationMs)}${sent}\n`);
  if (failures.length) listFailures(failures, run.stopReason, io.stderr);
  return {
    exitCode: failures.length ? 1 : 0,
    files: total,
    storedFiles: run.storedFiles,
    storedBytes: run.storedBytes,
    sentBytes: run.sentBytes,
    alreadyStoredFiles: run.alreadyStoredFiles,
    alreadyStoredBytes: run.alreadyStoredBytes,
    failures,
    durationMs,
  };
}

interface SnapshotEntry {
  file: CollectedFile;
  snapshot: FileSnapshot;
}

interface ReadSmallFile {
  file: CollectedFile;
  read: ReadFile;
}

interface PendingCompletion {
  entry: SnapshotEntry;
  artifactId: string;
  parts: UploadedPart[];
  sha256: string;
  sentBytes: number;
}

/** One run's state: what failed, what is stored, what waits for a complete request. */
class UploadRun {
  storedFiles = 0;
  storedBytes = 0;
  /** Of the stored files' bytes, those sent by this run (the rest the server held from a run cut off, or already stored). */
  sentBytes = 0;
  /** Files the project already held byte for byte: stored without (all of) their bytes being sent. */
  alreadyStoredFiles = 0;
  alreadyStoredBytes = 0;
  stopReason: string | undefined;
  private readonly failures = new Map<string, FileFailure>();
  private readonly stop = new AbortController();
  private completionQueue: PendingCompletion[] = [];
  /**
   * Complete requests go one at a time, in order, while parts keep uploading. (Two at once were
   * measured: the server completes a batch's uploads one by one, and two batches took twice as
   * long each, so nothing was gained.)
   */
  private completions: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: StoreArtifactsConfig,
    private readonly client: ApiClient,
    private readonly pool: WorkerPool,
    private readonly uploader: PartUploader,
    private readonly batchSender: BatchSender,
    private readonly progress: ProgressReporter,
    private readonly retry: RetryPolicy,
  ) {}

  async upload(files: readonly CollectedFile[]): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    for (const batch of planBatches(files)) {
      while (inFlight.size >= BATCHES_IN_FLIGHT) await Promise.race(inFlight);
      if (this.stopReason !== undefined) {
        for (const file of batch) this.fail(file, this.stopReason);
        continue;
      }
      const task = this.uploadBatch(batch).finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
    await Promise.all(inFlight);
    this.flushCompletions();
    await this.completions;
  }

  /**
   * Small files in batches of up to 500 files and BATCH_BYTES: each batch read and hashed (its
   * files held in memory until sent), declared (one request), then sent as one tar stream whose
   * answer says, per file, whether it is stored: no complete request, nothing left to finalize.
   */
  async uploadSmall(files: readonly CollectedFile[]): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    for (const batch of planBatches(files, MAX_FILES_PER_UPLOAD_BATCH, BATCH_BYTES)) {
      while (inFlight.size >= BATCHES_OF_SMALL_FILES_IN_FLIGHT) await Promise.race(inFlight);
      if (this.stopReason !== undefined) {
        for (const file of batch) this.fail(file, this.stopReason);
        continue;
      }
      const task = this.uploadSmallBatch(batch).finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
    await Promise.all(inFlight);
  }

  failureList(): FileFailure[] {
    return [...this.failures.values()];
  }

  /** Never rejects: every problem becomes a failure of the files it concerns. */
  private async uploadBatch(batch: readonly CollectedFile[]): Promise<void> {
    const snapshots = await Promise.all(
      batch.map(async (file): Promise<SnapshotEntry | undefined> => {
        try {
          return { file, snapshot: await snapshotFile(file.absolutePath) };
        } catch (error) {
          return this.fail(file, error);
        }
      }),
    );
    const entries = snapshots.filter((entry): entry is SnapshotEntry => entry !== undefined);
    const created = await this.declare(entries, (some) => this.createUploads(some));
    if (!created) return;

    await Promise.all(
      created.flatMap(({ batch: sent, result }) => {
        const byPath = new Map(result.uploads.map((upload) => [upload.path, upload]));
        return sent.map((entry) => this.uploadEntry(entry, byPath.get(entry.file.artifactPath)));
      }),
    );
  }

  /**
   * Declares files to the server (a create request or a batch declaration), halving around files it
   * refuses; undefined when nothing is left to send because the run has stopped (by another batch
   * in flight, or by this declaration's own error), with every file of `entries` failed.
   */
  private async declare<E extends { file: CollectedFile }, R>(
    entries: readonly E[],
    send: (some: readonly E[]) => Promise<R>,
  ): Promise<Array<{ batch: readonly E[]; result: R }> | undefined> {
    if (!entries.length) return undefined;
    // The other batch in flight may have stopped the run while this one was being prepared.
    if (this.stopReason !== undefined) {
      for (const entry of entries) this.fail(entry.file, this.stopReason);
      return undefined;
    }
    try {
      return await sendIsolatingRefusals(
        entries,
        send,
        (error) => error instanceof ApiError && CREATE_REFUSALS.has(error.status),
        (entry, error) => this.fail(entry.file, error),
      );
    } catch (error) {
      this.stopRun(error);
      for (const entry of entries) this.fail(entry.file, error);
      return undefined;
    }
  }

  /** A file the server answered it holds already: available, nothing more to send or complete. */
  private recordAlreadyStored(size: number, sentBytes: number): void {
    this.storedFiles++;
    this.storedBytes += size;
    this.sentBytes += sentBytes;
    this.alreadyStoredFiles++;
    this.alreadyStoredBytes += size;
  }

  /** Never rejects: every problem becomes a failure of the files it concerns. */
  private async uploadSmallBatch(batch: readonly CollectedFile[]): Promise<void> {
    const read = await Promise.all(
      batch.map((file) =>
        this.pool.run(async (): Promise<ReadSmallFile | undefined> => {
          try {
            return { file, read: await readSmallFile(file.absolutePath, this.config.batchThreshold) };
          } catch (error) {
            return this.fail(file, error);
          }
        }),
      ),
    );
    const entries = read.filter((entry): entry is ReadSmallFile => entry !== undefined);
    const declared = await this.declare(entries, (some) => this.declareBatch(some));
    if (!declared) return;
    await Promise.all(declared.map(({ batch: sent, result }) => this.sendBatch(sent, result)));
  }

  private declareBatch(entries: readonly ReadSmallFile[]): Promise<CreateUploadBatchResponse> {
    const body: CreateUploadBatchRequest = {
      project: this.config.project,
      jobNumber: this.config.jobNumber,
      nodeIndex: this.config.nodeIndex,
      job: this.config.job,
      files: entries.map(({ file, read }) => ({ path: file.artifactPath, size: read.size, sha256: read.sha256, fileMode: file.mode })),
    };
    const problem = CreateUploadBatchRequestSchema.safeParse(body).error?.issues[0];
    if (problem) throw new Error(`the batch request is invalid at ${problem.path.join('.')}: ${problem.message}`);
    // Safe to retry: a batch declared by a lost response is never sent, and the server sweeps it.
    return withRetry(() => this.client.call('createUploadBatch', { body }), {
      policy: this.retry,
      onRetry: (error, retryNumber, delayMs) =>
        this.progress.log(`retry ${retryNumber}/${this.retry.retries} of declaring a batch of ${entries.length} files in ${formatDuration(delayMs)}: ${describeError(error)}`),
    });
  }

  private async sendBatch(declaredEntries: readonly ReadSmallFile[], declared: CreateUploadBatchResponse): Promise<void> {
    if (declared.files.length !== declaredEntries.length || declared.files.some((f, i) => f.path !== declaredEntries[i]!.file.artifactPath)) {
      for (const entry of declaredEntries) this.fail(entry.file, 'the server answered the batch with other files than declared');
      return;
    }
    // Files the project already holds are stored now: the stream carries the others, in order.
    const entries: ReadSmallFile[] = [];
    declared.files.forEach((f, i) => {
      const entry = declaredEntries[i]!;
      if (!f.stored) return void entries.push(entry);
      this.progress.addBytes(entry.read.size);
      this.progress.fileUploaded();
      this.recordAlreadyStored(entry.read.size, 0);
    });
    if (!entries.length) return;
    const toSend = declared.files.filter((f) => !f.stored);
    try {
      const result = await this.batchSender.send(
        declared.url,
        entries.map(({ file, read }) => ({ name: file.artifactPath, bytes: read.bytes })),
        (delta) => this.progress.addBytes(delta),
        this.stop.signal,
      );
      const answers = new Map(result.files.map((f) => [f.artifactId, f]));
      toSend.forEach((f, i) => {
        const entry = entries[i]!;
        const answer = answers.get(f.artifactId);
        if (answer?.state === 'available') {
          this.progress.fileUploaded();
          this.storedFiles++;
          this.storedBytes += entry.read.size;
          this.sentBytes += entry.read.size;
        } else this.fail(entry.file, answer ? `the server did not store it: ${answer.reason ?? 'no reason given'}` : 'the server did not confirm the upload');
      });
    } catch (error) {
      // A refused stream (400) concerns these files only; a refused URL or an unreachable server, the run.
      if (!(error instanceof HttpStatusError && error.status === 400)) this.stopRun(error);
      for (const entry of entries) this.fail(entry.file, this.stopReason ?? error);
    }
  }

  private async uploadEntry(entry: SnapshotEntry, upload: CreateUploadsResponse['uploads'][number] | undefined): Promise<void> {
    if (!upload) return void this.fail(entry.file, 'the server returned no upload target for it');
    if (upload.stored) {
      this.progress.addBytes(entry.snapshot.size);
      this.progress.fileUploaded();
      return this.recordAlreadyStored(entry.snapshot.size, 0);
    }
    const { absolutePath } = entry.file;
    try {
      // The sha256 is computed while the parts are sent and declared at completion, instead of
      // before creating the upload (measured: hashing first added 1.5 s to a 1 GiB upload).
      const received = upload.receivedParts;
      const { artifactId } = upload;
      // Resumed after a cut-off: the parts the server holds count as done without being sent.
      const heldBytes = entry.snapshot.size - upload.parts.reduce((sum, part) => sum + part.length, 0);
      if (received.length) this.progress.addBytes(heldBytes);
      const { parts, sha256, sentBytes, stored } = await uploadFile(
        { absolutePath, snapshot: entry.snapshot },
        upload.parts,
        {
          pool: this.pool,
          uploader: this.uploader,
          onBytes: (delta) => this.progress.addBytes(delta),
          signal: this.stop.signal,
          // Only parts of a file of several are worth a report: a one-part file has nothing to resume.
          reportPart:
            upload.reportParts && upload.parts.length + received.length > 1
              ? (part) => this.client.call('recordUploadParts', { body: { parts: [{ artifactId, ...part }] } })
              : undefined,
          claim: async (digest) => (await this.client.call('claimUploads', { body: { uploads: [{ artifactId, sha256: digest }] } })).uploads[0]?.state === 'stored',
        },
        received,
      );
      this.progress.fileUploaded();
      if (stored) return this.recordAlreadyStored(entry.snapshot.size, sentBytes);
      this.completionQueue.push({ entry, artifactId, parts, sha256, sentBytes });
      if (this.completionQueue.length >= MAX_FILES_PER_UPLOAD_REQUEST) this.flushCompletions();
    } catch (error) {
      this.fail(entry.file, this.stopReason ?? error);
    }
  }

  private createUploads(entries: readonly SnapshotEntry[]): Promise<CreateUploadsResponse> {
    const body: CreateUploadsRequest = {
      project: this.config.project,
      jobNumber: this.config.jobNumber,
      nodeIndex: this.config.nodeIndex,
      job: this.config.job,
      // The stamp lets a re-run resume this file's upload if it was cut off, and only if the file is
      // the same: rebuilt since, it has another modification time and is sent anew.
      files: entries.map(({ file, snapshot }) => ({ path: file.artifactPath, size: snapshot.size, fileMode: file.mode, sourceStamp: `${snapshot.size}:${snapshot.mtimeNs}` })),
    };
    // Checked here with the server's own schema: a request the server would refuse as a whole
    // must not be mistaken for one file's refusal and split 500 ways.
    const problem = CreateUploadsRequestSchema.safeParse(body).error?.issues[0];
    if (problem) throw new Error(`the upload request is invalid at ${problem.path.join('.')}: ${problem.message}`);
    // Retrying a create is safe: targets created by a lost response are never used, and the server
    // sweeps such abandoned uploads.
    return withRetry(() => this.client.call('createUploads', { body }), {
      policy: this.retry,
      onRetry: (error, retryNumber, delayMs) =>
        this.progress.log(`retry ${retryNumber}/${this.retry.retries} of creating ${entries.length} uploads in ${formatDuration(delayMs)}: ${describeError(error)}`),
    });
  }

  private flushCompletions(): void {
    while (this.completionQueue.length) {
      const batch = this.completionQueue.splice(0, MAX_FILES_PER_UPLOAD_REQUEST);
      this.completions = this.completions.then(() => this.completeBatch(batch));
    }
  }

  /** Never rejects, so the chain of completions keeps going. */
  private async completeBatch(batch: PendingCompletion[]): Promise<void> {
    if (this.stopReason !== undefined) {
      for (const item of batch) this.fail(item.entry.file, this.stopReason);
      return;
    }
    try {
      const sent = await sendIsolatingRefusals(
        batch,
        (some) => {
          const body: CompleteUploadsRequest = { uploads: some.map(({ artifactId, parts, sha256 }) => ({ artifactId, parts, sha256 })) };
          // Completing twice is harmless (the server reports the first outcome), so retries are safe.
          return withRetry(() => this.client.call('completeUploads', { body }), {
            policy: this.retry,
            onRetry: (error, retryNumber, delayMs) =>
              this.progress.log(`retry ${retryNumber}/${this.retry.retries} of completing ${some.length} uploads in ${formatDuration(delayMs)}: ${describeError(error)}`),
          });
        },
        (error) => error instanceof ApiError && COMPLETE_REFUSALS.has(error.status),
        (item, error) => this.fail(item.entry.file, error),
      );
      for (const { batch: completed, result } of sent) {
        const states = new Map(result.uploads.map((upload) => [upload.artifactId, upload.state]));
        for (const item of completed) {
          const state = states.get(item.artifactId);
          if (state === 'failed') this.fail(item.entry.file, 'the server could not verify the uploaded bytes');
          else if (state === undefined) this.fail(item.entry.file, 'the server did not confirm the upload');
          else {
            this.storedFiles++;
            this.storedBytes += item.entry.snapshot.size;
            this.sentBytes += item.sentBytes;
          }
        }
      }
    } catch (error) {
      this.stopRun(error);
      for (const item of batch) this.fail(item.entry.file, error);
    }
  }

  /** The server refused the run itself (or cannot be reached): nothing else would get through. */
  private stopRun(error: unknown): void {
    if (this.stopReason !== undefined) return;
    this.stopReason = `not uploaded: the upload stopped after ${describeError(error)}`;
    this.progress.log(`Stopping: ${describeError(error)}`);
    this.stop.abort(error);
  }

  private fail(file: CollectedFile, error: unknown): undefined {
    if (!this.failures.has(file.absolutePath)) {
      this.failures.set(file.absolutePath, { displayPath: displayArtifactPath(file.absolutePath), artifactPath: file.artifactPath, message: describeError(error) });
      this.progress.fileFailed();
    }
    return undefined;
  }
}

/**
 * The server's own words where there are some: they say what to fix. Made safe to print (a message
 * from the server or the system may carry a file name with a newline or ESC in it).
 */
export function describeError(error: unknown): string {
  return displayText(rawDescription(error));
}

function rawDescription(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof ApiError) return `${error.status} ${error.body.message}`;
  if (error instanceof HttpStatusError) return error.message;
  if (error instanceof Error) {
    // fetch hides the network error (ECONNREFUSED…) in `cause`.
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error) return `${error.message}: ${cause.message}`;
    return error.message;
  }
  return errorMessageOf(String(error)) || 'unknown error';
}

/** In path order (code units of the shown path), not in the order the failures happened. */
function sortFailures(failures: FileFailure[]): FileFailure[] {
  return failures.sort((x, y) => (x.displayPath < y.displayPath ? -1 : x.displayPath > y.displayPath ? 1 : 0));
}

function listSkipped(skipped: readonly SkippedEntry[], output: ProgressOutput): void {
  if (!skipped.length) return;
  output.write(`Skipped ${skipped.length} ${skipped.length === 1 ? 'entry' : 'entries'}:\n`);
  for (const entry of skipped.slice(0, MAX_SKIPS_LISTED)) output.write(`  ${displayArtifactPath(entry.absolutePath)}: ${SKIP_REASONS[entry.reason]}\n`);
  if (skipped.length > MAX_SKIPS_LISTED) output.write(`  … and ${skipped.length - MAX_SKIPS_LISTED} more\n`);
}

function listFailures(failures: readonly FileFailure[], stopReason: string | undefined, output: ProgressOutput): void {
  output.write(`${failures.length} ${failures.length === 1 ? 'file was' : 'files were'} not stored:\n`);
  // The message may come from the server or the system and carry a name: made safe to print too.
  for (const failure of failures.slice(0, MAX_FAILURES_LISTED)) output.write(`  ${failure.displayPath}: ${displayText(failure.message)}\n`);
  if (failures.length > MAX_FAILURES_LISTED) {
    output.write(`  … and ${failures.length - MAX_FAILURES_LISTED} more${stopReason ? ` (${stopReason})` : ''}\n`);
  }
}
