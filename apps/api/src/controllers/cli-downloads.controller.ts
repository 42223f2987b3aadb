import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLI_DIGEST_SUFFIX, CLI_DOWNLOAD_FILES, CLI_DOWNLOAD_PREFIX, type CliDownloadFile } from '@stowage/contracts';
import { DomainError } from '@stowage/domain';
import type { Request, Response } from 'express';
import { PLATFORM, type ApiPlatform } from '../platform.provider';

const FILES: ReadonlySet<string> = new Set(Object.values(CLI_DOWNLOAD_FILES));

/** How each file is built, for the message an administrator reads when it was not. */
const BUILD_COMMAND: Record<CliDownloadFile, string> = {
  'stowage.cjs': 'npx nx run cli:bundle',
  'stowage-linux-x64': 'npx nx run cli:sea',
};

const CONTENT_TYPE: Record<CliDownloadFile, string> = {
  'stowage.cjs': 'text/javascript; charset=utf-8',
  'stowage-linux-x64': 'application/octet-stream',
};

/**
 * The files only change when the server is upgraded: caches may keep them a while, then must ask
 * again (a 304 through the ETag, which is the content's SHA-256).
 */
const CACHE_CONTROL = 'public, max-age=300, must-revalidate';

/**
 * `GET /cli/<file>` and `GET /cli/<file>.sha256`: the CLI built from the server's own checkout,
 * for CI jobs to curl (docs/cli.md). Public, like a release download: the CLI holds no secret.
 * The ~100 MB executable is streamed from disk, never held in memory.
 */
@ApiTags('cli')
@Controller()
export class CliDownloadsController {
  constructor(@Inject(PLATFORM) private readonly platform: ApiPlatform) {}

  @Get(`${CLI_DOWNLOAD_PREFIX}/:file`)
  @ApiOperation({ summary: 'Download the CLI (stowage.cjs, stowage-linux-x64) or its SHA-256 (<file>.sha256)' })
  async download(@Param('file') requested: string, @Req() request: Request, @Res() response: Response) {
    const isDigest = requested.endsWith(CLI_DIGEST_SUFFIX);
    const name = isDigest ? requested.slice(0, -CLI_DIGEST_SUFFIX.length) : requested;
    if (!FILES.has(name)) {
      throw new DomainError('not_found', `no CLI download named ${JSON.stringify(requested)}; there are ${[...FILES].flatMap((file) => [file, file + CLI_DIGEST_SUFFIX]).join(', ')}`);
    }
    const file = name as CliDownloadFile;
    const filePath = path.join(this.platform.config.env.CLI_DIST_DIR, file);
    const found = await this.findBuilt(filePath);
    if (!found) {
      throw new DomainError('not_found', `${file} has not been built on this server (its administrator builds it with \`${BUILD_COMMAND[file]}\`)`);
    }

    // The digest line is what the build wrote beside the file: `<hex>  <name>`, for `sha256sum -c`.
    const body = isDigest ? Buffer.from(found.digestLine) : undefined;
    response.setHeader('etag', `"${found.digest}${isDigest ? CLI_DIGEST_SUFFIX : ''}"`);
    response.setHeader('last-modified', found.modified.toUTCString());
    response.setHeader('cache-control', CACHE_CONTROL);
    response.setHeader('x-content-type-options', 'nosniff');
    if (request.fresh) {
      response.status(304).end();
      return;
    }
    response.status(200);
    response.setHeader('content-type', isDigest ? 'text/plain; charset=utf-8' : CONTENT_TYPE[file]);
    response.setHeader('content-length', String(body ? body.length : found.size));
    response.setHeader('content-disposition', `attachment; filename="${requested}"`);
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    if (body) {
      response.end(body);
      return;
    }
    try {
      await pipeline(createReadStream(filePath, { highWaterMark: 1 << 20 }), response);
    } catch (error) {
      // A client that hangs up mid-download (a cancelled CI job) is not a server error.
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
    }
  }

  /** The file and its digest line, or nothing when either is missing (the build writes both). */
  private async findBuilt(filePath: string): Promise<{ size: number; modified: Date; digest: string; digestLine: string } | undefined> {
    try {
      const [stats, digestLine] = await Promise.all([stat(filePath), readFile(`${filePath}${CLI_DIGEST_SUFFIX}`, 'utf8')]);
      const digest = /^([0-9a-f]{64}) {2}\S+\n$/.exec(digestLine)?.[1];
      if (!stats.isFile() || !digest) return undefined;
      return { size: stats.size, modified: stats.mtime, digest, digestLine };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}
