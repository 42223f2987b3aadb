import crypto from 'node:crypto';
import http from 'node:http';
import type { UploadPartTarget } from '@stowage/contracts';
import { call, type ResponseJson } from './api-harness';

export const sha256 = (content: Buffer | string) => crypto.createHash('sha256').update(content).digest('hex');

export interface DeclaredFile {
  path: string;
  size: number;
  /** Left out by an agent that declares it at completion. */
  sha256?: string;
  fileMode?: number;
  sourceStamp?: string;
}

export interface CreatedUpload {
  artifactId: string;
  path: string;
  parts: UploadPartTarget[];
  receivedParts?: Array<{ partNumber: number; etag: string }>;
  reportParts?: boolean;
}

/** Step 1 of the protocol, with whatever the test declares (wrong checksums included). */
export async function createUploads(
  baseUrl: string,
  token: string,
  body: { project: string; jobNumber: number; nodeIndex?: number; job?: Record<string, string>; files: DeclaredFile[] },
) {
  return call(baseUrl, 'POST', '/api/stowage/v1/uploads', {
    token,
    body: { ...body, nodeIndex: body.nodeIndex ?? 0, files: body.files.map((file) => ({ fileMode: 0o644, ...file })) },
  });
}

/** Step 2: sends `bytes[offset, offset + length)` to each part target; answers the parts' ETags. */
export async function putParts(upload: CreatedUpload, bytes: Buffer): Promise<Array<{ partNumber: number; etag: string }>> {
  const parts = [];
  for (const part of upload.parts) {
    const response = await fetch(part.url, {
      method: 'PUT',
      headers: part.headers,
      body: new Uint8Array(bytes.subarray(part.offset, part.offset + part.length)),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`part ${part.partNumber} of ${upload.path}: ${response.status} ${text}`);
    const etag = response.headers.get('etag')?.replace(/"/g, '') ?? (JSON.parse(text) as { etag: string }).etag;
    parts.push({ partNumber: part.partNumber, etag });
  }
  return parts;
}

/** Step 3. */
export function completeUploads(baseUrl: string, token: string, uploads: Array<{ artifactId: string; parts: Array<{ partNumber: number; etag: string }>; sha256?: string }>) {
  return call(baseUrl, 'POST', '/api/stowage/v1/uploads/complete', { token, body: { uploads } });
}

/**
 * A request sent byte for byte as written: `fetch` (WHATWG URL) would resolve `%2E%2E` segments
 * before sending, which is exactly what some tests must not happen.
 */
export function rawRequest(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string; body: ResponseJson }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, body });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });
}
