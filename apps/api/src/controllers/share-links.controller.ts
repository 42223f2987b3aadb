import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { NodeIndexSchema, routes, SHARE_LINK_HEADERS, SHARED_ARCHIVE_PATH, SHARED_FILE_PATH, SharedListingQuerySchema, type ProjectRef } from '@stowage/contracts';
import { decodeArtifactPath, notFound, validateArtifactPath } from '@stowage/domain';
import type { HttpAnswer, Principal } from '@stowage/server-core';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { CreateShareLinkDto, SetShareLinksEnabledDto } from '../http/dtos';
import { CurrentPrincipal, ProjectRefParam, downloadHeadersOf, parseWith } from '../http/request-params';
import { PLATFORM, type ApiPlatform } from '../platform.provider';
import { writeAnswer } from './downloads.controller';

/** The one answer for a link that does not work or a request outside its scope (the use cases throw the same). */
const linkNotFound = () => notFound('link');

/** Writes an answer through a link: whatever it is (a file, a zip, a redirect, an error), the link's headers go with it. */
async function writeSharedAnswer(response: Response, produce: () => Promise<HttpAnswer>): Promise<void> {
  try {
    const answer = await produce();
    await writeAnswer(response, { ...answer, headers: { ...answer.headers, ...SHARE_LINK_HEADERS } });
  } catch (error) {
    // writeAnswer takes back the file's headers when its body fails before the first byte.
    if (!response.headersSent) for (const [name, value] of Object.entries(SHARE_LINK_HEADERS)) response.setHeader(name, value);
    throw error;
  }
}

@ApiTags('share links')
@Controller()
export class ShareLinksController {
  constructor(@Inject(PLATFORM) private readonly platform: ApiPlatform) {}

  @Get(routes.listShareLinks.path)
  @ApiOperation({ summary: "A project's share links: all for organization admins, their own for members" })
  async list(@ProjectRefParam() ref: ProjectRef, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.listShareLinks(principal, { project: ref });
  }

  @Post(routes.createShareLink.path)
  @ApiOperation({ summary: 'Share a file, a folder, a container or a job (fixed, or the newest successful one of a name on a branch); the secret is answered once' })
  async create(@ProjectRefParam() ref: ProjectRef, @Body() body: CreateShareLinkDto, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.createShareLink(principal, { project: ref, request: body });
  }

  @Delete(routes.revokeShareLink.path)
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a share link (its creator or an organization admin)' })
  async revoke(@ProjectRefParam() ref: ProjectRef, @Param('linkId') linkIdParam: string, @CurrentPrincipal() principal: Principal) {
    const linkId = parseWith(z.uuid({ message: 'link id must be a UUID' }), linkIdParam, 'linkId');
    await this.platform.useCases.revokeShareLink(principal, { project: ref, linkId });
  }

  @Get(routes.getOrganizationShareLinks.path)
  @ApiOperation({ summary: "Whether an organization's share links work (its members)" })
  async getEnabled(@Param('org') organization: string, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.getOrganizationShareLinks(principal, { organization });
  }

  @Put(routes.setOrganizationShareLinks.path)
  @ApiOperation({ summary: "Turn share links on or off for an organization (admins); while off, every link answers 404" })
  async setEnabled(@Param('org') organization: string, @Body() body: SetShareLinksEnabledDto, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.setOrganizationShareLinks(principal, { organization, enabled: body.enabled });
  }

  @Get(routes.sharedListing.path)
  @ApiOperation({ summary: 'Public: what a share link covers, with each file\'s URL through the link (no account)', security: [] })
  async listing(@Param('secret') secret: string, @Query() query: Record<string, unknown>, @Res() response: Response) {
    await writeSharedAnswer(response, async () => {
      const q = SharedListingQuerySchema.safeParse(query);
      if (!q.success) throw linkNotFound();
      const listing = await this.platform.useCases.listSharedArtifacts({ secret, pageToken: q.data['page-token'] });
      return { status: 200, headers: {}, json: listing };
    });
  }

  @Get(SHARED_FILE_PATH)
  @ApiOperation({ summary: 'Public: one file through a share link (GET/HEAD, Range, conditional requests)', security: [] })
  async file(@Param('secret') secret: string, @Param('nodeIndex') nodeIndexParam: string, @Req() request: Request, @Res() response: Response) {
    await writeSharedAnswer(response, async () => {
      const nodeIndex = NodeIndexSchema.safeParse(nodeIndexParam);
      // The raw (still encoded) path after the route's prefix, decoded once as download URLs are;
      // whatever it decodes to (`..`, `%2F`, another container) is judged against the link's scope.
      const prefix = `/s/${encodeURIComponent(secret)}/files/${nodeIndexParam}/`;
      const rawPath = request.path.startsWith(prefix) ? request.path.slice(prefix.length) : '';
      let path: string;
      try {
        path = decodeArtifactPath(rawPath);
      } catch {
        throw linkNotFound();
      }
      if (!nodeIndex.success || !validateArtifactPath(path).ok) throw linkNotFound();
      return this.platform.useCases.downloadSharedArtifact({
        secret,
        request: {
          nodeIndex: nodeIndex.data,
          path,
          method: request.method,
          headers: downloadHeadersOf(request),
        },
      });
    });
  }

  @Get(SHARED_ARCHIVE_PATH)
  @ApiOperation({ summary: 'Public: everything a share link covers as a zip', security: [] })
  async archive(@Param('secret') secret: string, @Res() response: Response) {
    await writeSharedAnswer(response, () => this.platform.useCases.archiveSharedArtifacts({ secret }));
  }
}
