import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ARCHIVE_PATH, DOWNLOAD_PATH, NodeIndexSchema, type ProjectRef } from '@stowage/contracts';
import { artifactUrlPathPrefix, decodeArtifactPath, displayArtifactPath, invalidInput, validateArtifactPath } from '@stowage/domain';
import type { HttpAnswer, Principal } from '@stowage/server-core';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { CurrentPrincipal, JobNumberParam, ProjectRefParam, downloadHeadersOf, parseWith } from '../http/request-params';
import { PLATFORM, type ApiPlatform } from '../platform.provider';

/** Writes what a use case answered: status and headers, then a redirect, a JSON error or the body. */
export async function writeAnswer(response: Response, answer: HttpAnswer): Promise<void> {
  response.status(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  if (answer.location) return response.redirect(answer.status, answer.location);
  if (answer.json) {
    response.type('application/json').send(JSON.stringify(answer.json));
    return;
  }
  if (answer.body) {
    try {
      await answer.body(response);
    } catch (error) {
      // Nothing was sent yet (the bytes were missing, say): the error filter answers JSON, without
      // the headers meant for the file.
      if (!response.headersSent) for (const name of Object.keys(answer.headers)) response.removeHeader(name);
      throw error;
    }
    return;
  }
  response.end();
}

@ApiTags('downloads')
@Controller()
export class DownloadsController {
  constructor(@Inject(PLATFORM) private readonly platform: ApiPlatform) {}

  /** CircleCI's artifact URL shape: /output/job/:job-id/artifacts/:node_index/:path (path Java-URL-encoded). */
  @Get(DOWNLOAD_PATH)
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
    const prefix = artifactUrlPathPrefix(jobIdParam, nodeIndexParam);
    const rawPath = request.path.startsWith(prefix) ? request.path.slice(prefix.length) : '';
    const path = decodeArtifactPath(rawPath);
    const validation = validateArtifactPath(path);
    if (!validation.ok) throw invalidInput(`invalid artifact path "${displayArtifactPath(path)}": ${validation.reason}`);
    const answer = await this.platform.useCases.downloadArtifact(principal, {
      jobId,
      nodeIndex,
      path,
      method: request.method,
      headers: downloadHeadersOf(request),
    });
    await writeAnswer(response, answer);
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
    await writeAnswer(response, await this.platform.useCases.archiveJobArtifacts(principal, { ref, jobNumber, nodeIndex: options.node_index, prefix: options.prefix }));
  }
}
