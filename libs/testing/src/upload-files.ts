import crypto from 'node:crypto';
import { createApiClient } from '@stowage/api-client';

export interface TestFile {
  path: string;
  content: Buffer | string;
  fileMode?: number;
}

/**
 * Uploads files through the real protocol (create → PUT parts → complete), as an agent would.
 * For tests that need artifacts but are not about the CLI.
 */
export async function uploadFiles(options: {
  baseUrl: string;
  token: string;
  project: string;
  jobNumber: number;
  nodeIndex?: number;
  job?: { name?: string; branch?: string; revision?: string };
  files: TestFile[];
  complete?: boolean;
  /**
   * Sends the parts the API streams itself (the filesystem driver's targets) to this origin instead,
   * as a load balancer may route them to another API instance than the one that created the upload.
   */
  partOrigin?: string;
}) {
  const client = createApiClient({ baseUrl: options.baseUrl, token: options.token });
  const bodies = options.files.map((file) => (typeof file.content === 'string' ? Buffer.from(file.content) : file.content));
  const created = await client.call('createUploads', {
    body: {
      project: options.project,
      jobNumber: options.jobNumber,
      nodeIndex: options.nodeIndex ?? 0,
      job: options.job,
      files: options.files.map((file, i) => ({
        path: file.path,
        size: bodies[i].length,
        sha256: crypto.createHash('sha256').update(bodies[i]).digest('hex'),
        fileMode: file.fileMode ?? 0o644,
      })),
    },
  });
  const completions = [];
  for (const [i, upload] of created.uploads.entries()) {
    // Bytes the project already holds, declared by a caller who may read it: available already.
    if (upload.stored) continue;
    const parts = [];
    for (const part of upload.parts) {
      const url = options.partOrigin && part.url.startsWith(`${options.baseUrl}/`) ? options.partOrigin + part.url.slice(options.baseUrl.length) : part.url;
      const response = await fetch(url, {
        method: 'PUT',
        headers: part.headers,
        body: new Uint8Array(bodies[i].subarray(part.offset, part.offset + part.length)),
      });
      if (!response.ok) throw new Error(`part upload failed: ${response.status} ${await response.text()}`);
      const etag = response.headers.get('etag')?.replace(/"/g, '') ?? ((await response.json()) as { etag: string }).etag;
      parts.push({ partNumber: part.partNumber, etag });
    }
    completions.push({ artifactId: upload.artifactId, parts });
  }
  if (options.complete !== false && completions.length) await client.call('completeUploads', { body: { uploads: completions } });
  return { jobId: created.jobId, artifactIds: created.uploads.map((upload) => upload.artifactId), completions, stored: created.uploads.filter((upload) => upload.stored).map((upload) => upload.artifactId) };
}
