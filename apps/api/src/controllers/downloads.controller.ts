import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { create as contentDisposition } from 'content-disposition';
import { ARCHIVE_PATH, NodeIndexSchema, type ProjectRef } from '@stowage/contracts';
import { decodeArtifactPath, displayArtifactPath, invalidInput, notFound, validateArtifactPath, zipEntryName } from '@stowage/domain';
import type { Principal } from '@stowage/server-core';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { CurrentPrincipal, JobNumberParam, ProjectRefParam, parseWith } from '../http/request-params';
import { PLATFORM, type ApiPlatform } from '../platform.provider';

const PRESIGNED_DOWNLOAD_SECONDS = 300;

/**
 * Uploaded content never runs with the viewer's session: it is sandboxed into an opaque origin
 * (scripts in an HTML report may run, but cannot read cookies or call the API) and never sniffed.
 */
function setUntrustedContentHeaders(response: Response): void {
  response.setHeader('content-security-policy', 'sandbox allow-scripts; default-src \'self\' \'unsafe-inline\' data: blob:');
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('cross-origin-resource-policy', 'same-site');
}

@ApiTags('downloads')
@Controller()
export class DownloadsController {
  constructor(@Inject(PLATFORM) private readonly platform: ApiPlatform) {}

  /** CircleCI's artifact URL shape: /output/job/:job-id/artifacts/:node_index/:path (path Java-URL-encoded). */
  @Get('/output/job/:jobId/artifacts/:nodeIndex/*path')
  @ApiOperation({ summary: 'Download an artifact (GET/HEAD, Range, conditional requests)' })
  async download(
    @Param('jobId') jobIdParam: string,
    @Param('nodeIndex') nodeIndexParam: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const jobId = parseWith(z.uuid({ message: 'job id must be a UUID' }), jobIdParam, 'job-id');
    const nodeIndex = parseWith(NodeIndexSchema, nodeIndexParam, 'node_index');
    // The raw (still encoded) path: Express's decoding knows nothing of URLEncoder's `+` for space.
    const prefix = `/output/job/${jobIdParam}/artifacts/${nodeIndexParam}/`;
    const rawPath = request.path.startsWith(prefix) ? request.path.slice(prefix.length) : '';
    const path = decodeArtifactPath(rawPath);
    const validation = validateArtifactPath(path);
    if (!validation.ok) throw invalidInput(`invalid artifact path "${displayArtifactPath(path)}": ${validation.reason}`);

    const access = await this.platform.access.authorizeJob(jobId, principal, 'read');
    if (!access) throw notFound('artifact');
    const { project } = access;
    const artifact = await this.platform.artifacts.findDownloadable(jobId, nodeIndex, path);
    if (!artifact) throw notFound('artifact');

    const size = Number(artifact.size);
    const filename = path.split('/').pop() ?? path;
    const contentType = artifact.contentType ?? 'application/octet-stream';
    const lastModified = artifact.availableAt ?? artifact.createdAt;
    response.setHeader('etag', `"${artifact.sha256}"`);
    response.setHeader('last-modified', lastModified.toUTCString());
    response.setHeader('accept-ranges', 'bytes');
    response.setHeader('cache-control', project.isPrivate ? 'private, max-age=0, must-revalidate' : 'public, max-age=300');
    setUntrustedContentHeaders(response);
    if (request.fresh) {
      response.status(304).end();
      return;
    }

    // A driver that cannot presign (the filesystem) answers null, and the API streams the file.
    if (this.platform.config.env.S3_REDIRECT_DOWNLOADS) {
      const url = await this.platform.storage.presignDownload(artifact.storageKey, { expiresInSeconds: PRESIGNED_DOWNLOAD_SECONDS, filename, contentType });
      if (url) {
        if (request.method !== 'HEAD') await this.platform.usage.recordEgress(project.organizationId, project.id, size);
        response.redirect(302, url);
        return;
      }
    }

    // A single range (express uses range-parser); several ranges are answered with the whole file.
    const ranges = request.headers.range ? request.range(size, { combine: true }) : undefined;
    const ifRange = request.headers['if-range'];
    const rangeApplies = ranges !== undefined && (!ifRange || ifRange === `"${artifact.sha256}"`);
    if (rangeApplies && ranges === -1) {
      response.setHeader('content-range', `bytes */${size}`);
      response.status(416).type('application/json').send(JSON.stringify({ statusCode: 416, error: 'range_not_satisfiable', message: `the artifact is ${size} bytes` }));
      return;
    }
    const range = rangeApplies && Array.isArray(ranges) && ranges.length === 1 ? ranges[0] : undefined;
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    const length = size === 0 ? 0 : end - start + 1;
    response.status(range ? 206 : 200);
    if (range) response.setHeader('content-range', `bytes ${start}-${end}/${size}`);
    response.setHeader('content-type', contentType);
    response.setHeader('content-length', String(length));
    // The library writes any name safely: `filename*` carries it percent-encoded (a tab is `%09`),
    // the ASCII fallback `filename` has `?` for anything else, so no control character reaches the header.
    response.setHeader('content-disposition', contentDisposition(filename, { type: 'inline' }));
    if (request.method === 'HEAD' || length === 0) {
      response.end();
      return;
    }
    const { storage } = this.platform;
    let sent = 0;
    try {
      // The driver writes into the response itself (the filesystem's reused buffers: twice the throughput of a stream).
      sent = await storage.sendTo(artifact.storageKey, response, { start, end });
      response.end();
    } finally {
      await this.platform.usage.recordEgress(project.organizationId, project.id, sent).catch(() => undefined);
    }
  }

  /** "Download all": a job's, one container's or one folder's artifacts as a zip built while it is sent. */
  @Get(ARCHIVE_PATH)
  @ApiOperation({ summary: 'Download artifacts as a zip (optionally `node_index` and `prefix`)' })
  async archive(
    @ProjectRefParam() ref: ProjectRef,
    @JobNumberParam() jobNumber: number,
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res() response: Response,
  ) {
    const options = parseWith(
      z.object({ node_index: NodeIndexSchema.optional(), prefix: z.string().max(1024).optional() }),
      { node_index: query.node_index, prefix: query.prefix },
      'query',
    );
    const { project, job } = await this.platform.access.requireJob(ref, jobNumber, principal, 'read');
    const name = `${project.name}-${job.number}${options.node_index !== undefined ? `-${options.node_index}` : ''}${options.prefix ? `-${options.prefix.replace(/\/+$/, '').replace(/\//g, '_')}` : ''}.zip`;
    response.status(200);
    response.setHeader('content-type', 'application/zip');
    response.setHeader('content-disposition', contentDisposition(name));
    response.setHeader('x-content-type-options', 'nosniff');
    // Stored, not deflated: artifacts are often already compressed, and the zip must keep pace with the network.
    // Imported on first use: a process that never serves a zip does not carry the archiver in memory.
    const { default: archiver } = await import('archiver');
    const zip = archiver('zip', { store: true, forceZip64: false });
    const sending = pipeline(zip, response);
    let served = 0;
    zip.on('data', (chunk: Buffer) => (served += chunk.length));
    try {
      for await (const artifact of this.platform.artifacts.iterateForArchive(job.id, { nodeIndex: options.node_index, prefix: options.prefix })) {
        const entryName = zipEntryName(options.node_index !== undefined ? artifact.path : `${artifact.nodeIndex}/${artifact.path}`);
        const stream = await this.platform.storage.read(artifact.storageKey);
        zip.append(stream, { name: entryName, date: artifact.availableAt ?? undefined, mode: artifact.fileMode });
        // One entry at a time: never more than one object stream open, whatever the job's size.
        await once(zip, 'entry');
      }
      await zip.finalize();
      await sending;
    } catch (error) {
      zip.abort();
      response.destroy(error as Error);
    } finally {
      await this.platform.usage.recordEgress(project.organizationId, project.id, served).catch(() => undefined);
    }
  }
}
