import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable, Transform, pipeline } from 'node:stream';
import type { UploadPartTarget } from '@stowage/contracts';
import { request, type Dispatcher } from 'undici';
import { FileChangedError } from './hash-file';
import { createHttpDispatcher, type ProxySettings } from './http-dispatcher';
import { DEFAULT_RETRY_POLICY, HttpStatusError, parseRetryAfter, withRetry, type RetryPolicy } from './retry';

/*
 * Why undici's `request` and not fetch: a part must go out with an exact Content-Length (S3 refuses
 * a presigned PUT sent chunked with 411 MissingContentLength) and straight from a file stream.
 * Content-Length is a forbidden header in the Fetch standard; undici's `request` sends exactly the
 * headers it is given, checks the body against the Content-Length, and takes a Node stream (the
 * file's own back-pressure, no web-stream bridge). Its dispatcher is the one every CLI request uses:
 * keep-alive connections capped per origin, and HTTP(S)_PROXY / NO_PROXY honoured (http-dispatcher.ts).
 */

export interface PartUploaderOptions {
  retry?: RetryPolicy;
  /** Connections per origin; matches the CLI's concurrency so no upload waits for a socket. */
  maxSockets: number;
  /** A socket silent this long (no bytes either way) is abandoned, and the part retried. */
  socketTimeoutMs?: number;
  /** The proxy to send parts through (from the environment; none when absent). */
  proxy?: ProxySettings;
  onRetry?: (event: { source: PartSource; part: UploadPartTarget; error: unknown; retryNumber: number; delayMs: number }) => void;
  sleep?: (ms: number) => Promise<unknown>;
}

export interface PartSource {
  absolutePath: string;
}

/** Error bodies are read only this far: enough for any message, bounded for a misbehaving server. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * PUTs byte ranges of files to the targets the API handed out, retrying each part on its own.
 * It never sees the API token: part URLs carry their own authorisation (a presigned S3 URL, or
 * the API's HMAC-signed part URL), and a token sent along would leak to the storage provider.
 */
export class PartUploader {
  private readonly dispatcher: Dispatcher;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: PartUploaderOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    const timeoutMs = options.socketTimeoutMs ?? 120_000;
    // Keep-alive (undici's default): 10,000 small files are 10,000 PUTs, and a TLS handshake each
    // would dominate. The headers timeout is re-armed each time a body chunk is written, so both
    // timeouts measure silence, not the length of a large part.
    this.dispatcher = createHttpDispatcher(options.proxy, { connections: options.maxSockets, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  }

  /**
   * Sends `part` and returns its ETag. `onBytes` is told of bytes as they leave, and told to take
   * them back (a negative count) when an attempt fails, so progress never counts a byte twice.
   */
  async upload(source: PartSource, part: UploadPartTarget, onBytes: (delta: number) => void, signal?: AbortSignal): Promise<string> {
    return (await this.send(source, part, onBytes, signal, false)).etag;
  }

  /**
   * Sends a part that is the whole file and returns its ETag and the file's SHA-256, computed from
   * the bytes as they leave: a one-part file is read once, not once to hash and once to send.
   */
  async uploadWholeFile(source: PartSource, part: UploadPartTarget, onBytes: (delta: number) => void, signal?: AbortSignal): Promise<{ etag: string; sha256: string }> {
    const { etag, hash } = await this.send(source, part, onBytes, signal, true);
    return { etag, sha256: hash!.digest('hex') };
  }

  private send(source: PartSource, part: UploadPartTarget, onBytes: (delta: number) => void, signal: AbortSignal | undefined, hashing: boolean) {
    return withRetry(
      async () => {
        signal?.throwIfAborted();
        let sent = 0;
        // A fresh hash per attempt: a failed attempt's bytes must not count.
        const hash = hashing ? createHash('sha256') : undefined;
        try {
          return { etag: await this.putOnce(source, part, (count) => ((sent += count), onBytes(count)), signal, hash), hash };
        } catch (error) {
          onBytes(-sent);
          throw error;
        }
      },
      {
        policy: this.retry,
        onRetry: (error, retryNumber, delayMs) => this.options.onRetry?.({ source, part, error, retryNumber, delayMs }),
        sleep: this.options.sleep,
      },
    );
  }

  close(): void {
    void this.dispatcher.destroy().catch(() => undefined);
  }

  private async putOnce(source: PartSource, part: UploadPartTarget, onBytes: (count: number) => void, signal?: AbortSignal, hash?: Hash): Promise<string> {
    const url = new URL(part.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`the server handed out an upload URL this client cannot use: ${url.protocol}`);

    // Exactly the headers the server gave (a presigned URL's signature may cover them), with our
    // Content-Length replacing any spelling of theirs so the header is sent once.
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(part.headers)) if (name.toLowerCase() !== 'content-length') headers[name] = value;
    headers['content-length'] = String(part.length);

    // A file that fails to read (or shrank) destroys the body with that error, which fails the request.
    let bodyError: unknown;
    const body = pipeline(fileRange(source.absolutePath, part), exactLength(source.absolutePath, part.length, onBytes, hash), (error) => {
      if (error) bodyError = error;
    });
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, { method: part.method as Dispatcher.HttpMethod, headers, body, dispatcher: this.dispatcher, signal });
    } catch (error) {
      throw bodyError ?? error;
    }
    // Once the server has answered, its answer is the outcome: a 403 sent before the whole body
    // was read must not turn into a retry because the rest of the body could not be sent.
    const text = await readResponse(response.body).catch(() => '');
    body.destroy();
    const status = response.statusCode;
    if (status < 200 || status >= 300) throw statusError(status, response.headers, text);
    return etagOf(status, response.headers, text);
  }
}

function fileRange(absolutePath: string, part: UploadPartTarget): Readable {
  // `end` is inclusive, and a 0-byte part (an empty file) has no range at all.
  if (part.length === 0) return Readable.from([]);
  // 1 MiB reads: far fewer chunks through the pipeline than the 64 KiB default, for the same memory bound.
  return createReadStream(absolutePath, { start: part.offset, end: part.offset + part.length - 1, highWaterMark: 1 << 20 });
}

/**
 * Passes bytes through, counting (and maybe hashing) them, and fails if the file ran out before `length` bytes: the
 * file shrank since it was hashed. Without this the request would end short of its
 * Content-Length and hang until the server's timeout.
 */
function exactLength(absolutePath: string, length: number, onBytes: (count: number) => void, hash?: Hash): Transform {
  let count = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      count += chunk.length;
      onBytes(chunk.length);
      hash?.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      done(count === length ? null : new FileChangedError(absolutePath, `a ${length}-byte part ended after ${count} bytes`));
    },
  });
}

/** A response body as text, at most `maxBytes` of it kept (the rest is read and dropped). */
export async function readResponse(body: Dispatcher.ResponseData['body'], maxBytes = MAX_RESPONSE_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    // Keep reading past the cap (draining frees the keep-alive socket) but stop storing.
    if (size < maxBytes) chunks.push(chunk.subarray(0, maxBytes - size));
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

export const headerOf = (headers: Dispatcher.ResponseData['headers'], name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** S3 answers with an `ETag` header (quoted); the API's filesystem endpoint with `{ "etag" }` JSON. */
function etagOf(status: number, headers: Dispatcher.ResponseData['headers'], body: string): string {
  const header = headerOf(headers, 'etag');
  if (header) return header.replace(/^W\//, '').replace(/^"|"$/g, '');
  try {
    const etag = (JSON.parse(body) as { etag?: unknown }).etag;
    if (typeof etag === 'string' && etag) return etag;
  } catch {
    // Not JSON: reported below.
  }
  throw new Error(`the upload URL answered ${status} without an ETag`);
}

/** The error for a non-2xx answer: its status, the human part of its body, and its Retry-After. */
export function statusError(status: number, headers: Dispatcher.ResponseData['headers'], body: string): HttpStatusError {
  const retryAfter = parseRetryAfter(headerOf(headers, 'retry-after'));
  return new HttpStatusError(status, `HTTP ${status}: ${errorMessageOf(body) || 'no details'}`, retryAfter);
}

/**
 * The human part of an error body, whoever sent it: the API's JSON `{ message }`, S3's XML
 * `<Message>` (with its `<Code>`), or the first line of anything else.
 */
export function errorMessageOf(body: string): string {
  const text = body.trim();
  if (!text) return '';
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON.
  }
  const xmlMessage = /<Message>([\s\S]*?)<\/Message>/.exec(text)?.[1];
  const xmlCode = /<Code>([\s\S]*?)<\/Code>/.exec(text)?.[1];
  if (xmlMessage || xmlCode) return [xmlCode, xmlMessage].filter(Boolean).join(': ');
  return text.split('\n')[0].slice(0, 300);
}
