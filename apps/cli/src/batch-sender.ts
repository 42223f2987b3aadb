import { Readable } from 'node:stream';
import { UploadBatchResultSchema, type UploadBatchResult } from '@stowage/contracts';
import { pack } from 'tar-stream';
import { request, type Dispatcher } from 'undici';
import { createHttpDispatcher, type ProxySettings } from './http-dispatcher';
import { readResponse, statusError } from './part-uploader';
import { DEFAULT_RETRY_POLICY, HttpStatusError, isTransientError, withRetry, type RetryPolicy } from './retry';

/** One file of a batch: its artifact path (the entry's name) and the bytes that were hashed. */
export interface BatchEntry {
  name: string;
  bytes: Buffer;
}

export interface BatchSenderOptions {
  retry?: RetryPolicy;
  /** Batch requests in flight at once. */
  maxSockets: number;
  socketTimeoutMs?: number;
  proxy?: ProxySettings;
  onRetry?: (event: { files: number; error: unknown; retryNumber: number; delayMs: number }) => void;
}

/** Answers are at most 500 files of JSON; bounded for a misbehaving server. */
const MAX_RESPONSE_BYTES = 1 << 20;

/**
 * PUTs a batch's files as one tar stream (tar-stream's packer: ustar headers, a pax header for a
 * long or non-ASCII name) to the signed URL the declaration answered, and returns the per-file
 * answer. The stream is packed while it is sent, one entry at a time. Like part URLs, the batch URL
 * carries its own authorisation: no token is sent. Retried whole on network errors, 5xx and 409
 * (an earlier attempt still being stored): the server answers a stored batch again from its rows.
 */
export class BatchSender {
  private readonly dispatcher: Dispatcher;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: BatchSenderOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    const timeoutMs = options.socketTimeoutMs ?? 120_000;
    this.dispatcher = createHttpDispatcher(options.proxy, { connections: options.maxSockets, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  }

  send(url: string, entries: readonly BatchEntry[], onBytes: (delta: number) => void, signal?: AbortSignal): Promise<UploadBatchResult> {
    return withRetry(
      async () => {
        signal?.throwIfAborted();
        let sent = 0;
        try {
          return await this.putOnce(url, entries, (count) => ((sent += count), onBytes(count)), signal);
        } catch (error) {
          onBytes(-sent);
          throw error;
        }
      },
      {
        policy: this.retry,
        isTransient: (error) => (error instanceof HttpStatusError && error.status === 409) || isTransientError(error),
        onRetry: (error, retryNumber, delayMs) => this.options.onRetry?.({ files: entries.length, error, retryNumber, delayMs }),
      },
    );
  }

  close(): void {
    void this.dispatcher.destroy().catch(() => undefined);
  }

  private async putOnce(url: string, entries: readonly BatchEntry[], onBytes: (count: number) => void, signal?: AbortSignal): Promise<UploadBatchResult> {
    const target = new URL(url);
    if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new Error(`the server handed out a batch URL this client cannot use: ${target.protocol}`);
    const packer = pack();
    // Entries are added as the request reads: the packer's buffer, not the whole archive, is in memory.
    const feeding = (async () => {
      for (const entry of entries) {
        await new Promise<void>((resolve, reject) =>
          packer.entry({ name: entry.name, size: entry.bytes.length, type: 'file', mode: 0o644 }, entry.bytes, (error) => (error ? reject(error) : resolve())),
        );
        onBytes(entry.bytes.length);
      }
      packer.finalize();
    })();
    feeding.catch((error: unknown) => packer.destroy(error as Error));
    const body = Readable.from(packer as AsyncIterable<Buffer>);
    let response: Dispatcher.ResponseData;
    try {
      response = await request(target, { method: 'PUT', headers: { 'content-type': 'application/x-tar' }, body, dispatcher: this.dispatcher, signal });
    } finally {
      // A refusal answered before the whole stream was read stops the packing.
      void feeding.catch(() => undefined);
    }
    const text = await readResponse(response.body, MAX_RESPONSE_BYTES);
    body.destroy();
    packer.destroy();
    const status = response.statusCode;
    if (status < 200 || status >= 300) throw statusError(status, response.headers, text);
    const parsed = UploadBatchResultSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`the server answered the batch with something else than its per-file result: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  }
}


