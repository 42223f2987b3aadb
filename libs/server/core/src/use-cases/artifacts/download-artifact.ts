import type { Writable } from 'node:stream';
import { create as contentDisposition } from 'content-disposition';
import fresh from 'fresh';
import parseRange from 'range-parser';
import { bytesMissing, displayArtifactPath, isStorageError, notFound, type Artifact, type Principal } from '@stowage/domain';
import { requireJobById } from '../../access/require-access';
import { presignArtifactDownload, sendArtifactBytes } from '../../artifacts/artifact-bytes';
import type { ServerContext } from '../../server-context';
import { recordEgress } from './record-egress';

const PRESIGNED_DOWNLOAD_SECONDS = 300;

/**
 * Uploaded content never runs with the viewer's session: it is sandboxed into an opaque origin
 * (scripts in an HTML report may run, but cannot read cookies or call the API) and never sniffed.
 */
const UNTRUSTED_CONTENT_HEADERS = {
  'content-security-policy': "sandbox allow-scripts; default-src 'self' 'unsafe-inline' data: blob:",
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-site',
};

/** What to answer: the controller writes the status and headers, then the redirect, the JSON or the body. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  location?: string;
  json?: object;
  /** Writes the body into the response and ends it. */
  body?: (destination: Writable) => Promise<void>;
}

export interface DownloadRequest {
  jobId: string;
  nodeIndex: number;
  path: string;
  method: string;
  headers: { range?: string; 'if-range'?: string; 'if-none-match'?: string; 'if-modified-since'?: string; 'cache-control'?: string };
}

/** One artifact by CircleCI's URL: conditional requests, a single range, or a presigned redirect; served bytes count as egress. */
export async function downloadArtifact(
  ctx: Pick<ServerContext, 'access' | 'artifacts' | 'usage' | 'storage' | 'clock' | 'config' | 'logger'>,
  principal: Principal,
  request: DownloadRequest,
): Promise<HttpAnswer> {
  const { project } = await requireJobById(ctx.access, request.jobId, principal, 'read', 'artifact');
  const artifact = await ctx.artifacts.findDownloadable(request.jobId, request.nodeIndex, request.path, ctx.clock.now());
  if (!artifact) throw notFound('artifact');
  return answerArtifactDownload(ctx, project, artifact, request, project.isPrivate ? 'private, max-age=0, must-revalidate' : 'public, max-age=300');
}

/** The answer for one found artifact (also served through share links): conditional requests, a single range, or a presigned redirect; egress counted. */
export async function answerArtifactDownload(
  ctx: Pick<ServerContext, 'usage' | 'storage' | 'clock' | 'config' | 'logger'>,
  project: { id: string; organizationId: string },
  artifact: Artifact,
  request: Omit<DownloadRequest, 'jobId'>,
  cacheControl: string,
): Promise<HttpAnswer> {
  const size = artifact.size;
  const filename = request.path.split('/').pop() ?? request.path;
  const contentType = artifact.contentType ?? 'application/octet-stream';
  const etag = `"${artifact.sha256}"`;
  const headers: Record<string, string> = {
    etag,
    'last-modified': (artifact.availableAt ?? artifact.createdAt).toUTCString(),
    'accept-ranges': 'bytes',
    'cache-control': cacheControl,
    ...UNTRUSTED_CONTENT_HEADERS,
  };
  const isRead = request.method === 'GET' || request.method === 'HEAD';
  if (isRead && fresh(request.headers, headers)) return { status: 304, headers };
  const egress = (bytes: number) => recordEgress(ctx, { organizationId: project.organizationId, projectId: project.id, bytes });

  if (ctx.config.env.S3_REDIRECT_DOWNLOADS) {
    const url = await presignArtifactDownload(ctx.storage, artifact.storageKey, { expiresInSeconds: PRESIGNED_DOWNLOAD_SECONDS, filename, contentType });
    if (url) {
      if (request.method !== 'HEAD') await egress(size);
      return { status: 302, headers, location: url };
    }
  }

  // A single range; several are answered with the whole file (express's `combine: true`).
  const ranges = request.headers.range ? parseRange(size, request.headers.range, { combine: true }) : undefined;
  const ifRange = request.headers['if-range'];
  const rangeApplies = ranges !== undefined && (!ifRange || ifRange === etag);
  if (rangeApplies && ranges === -1) {
    return {
      status: 416,
      headers: { ...headers, 'content-range': `bytes */${size}` },
      json: { statusCode: 416, error: 'range_not_satisfiable', message: `the artifact is ${size} bytes` },
    };
  }
  const range = rangeApplies && Array.isArray(ranges) && ranges.length === 1 ? ranges[0] : undefined;
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  const length = size === 0 ? 0 : end - start + 1;
  if (range) headers['content-range'] = `bytes ${start}-${end}/${size}`;
  headers['content-type'] = contentType;
  headers['content-length'] = String(length);
  // The library writes any name safely: `filename*` carries it percent-encoded (a tab is `%09`),
  // the ASCII fallback `filename` has `?` for anything else, so no control character reaches the header.
  headers['content-disposition'] = contentDisposition(filename, { type: 'inline' });
  const status = range ? 206 : 200;
  if (request.method === 'HEAD' || length === 0) return { status, headers };
  return {
    status,
    headers,
    body: async (destination) => {
      let sent = 0;
      try {
        sent = await sendArtifactBytes(ctx.storage, artifact.storageKey, destination, { start, end });
      } catch (error) {
        // The driver fails before writing anything, so the controller can still answer JSON.
        if (!isStorageError(error, 'NOT_FOUND')) throw error;
        ctx.logger.warn({ artifactId: artifact.id, storageKey: artifact.storageKey }, 'artifact bytes missing from storage: run stowage-admin verify');
        throw bytesMissing(`the bytes of artifact ${displayArtifactPath(request.path)} (container ${request.nodeIndex}) are missing from storage; an administrator can find such artifacts with stowage-admin verify`);
      } finally {
        await egress(sent).catch(() => undefined);
      }
    },
  };
}
