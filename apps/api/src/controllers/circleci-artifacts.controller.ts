import { Controller, Get, Header, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { routes, type ProjectRef } from '@stowage/contracts';
import type { Principal } from '@stowage/server-core';
import { CurrentPrincipal, ProjectRefParam } from '../http/request-params';
import { PLATFORM, type ApiPlatform } from '../platform.provider';

/**
 * CircleCI's artifacts API, v1.1 and v2, so existing scripts work by changing only the host.
 * Responses are JSON whatever `Accept` says: older v1.1 clients send none.
 */
@ApiTags('circleci-compatible')
@Controller()
export class CircleCiArtifactsController {
  constructor(@Inject(PLATFORM) private readonly platform: ApiPlatform) {}

  @Get(routes.v11ListArtifacts.path)
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiOperation({ summary: 'v1.1: a job\'s artifacts (`latest` instead of a number, with `branch` and `filter`)' })
  async v11(
    @ProjectRefParam() ref: ProjectRef,
    @Param('jobNumber') jobNumber: string,
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.platform.useCases.listJobArtifactsV11(principal, { ref, jobNumber, branch: query.branch, filter: query.filter });
  }

  @Get(routes.v2ListArtifacts.path)
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiOperation({ summary: 'v2: a job\'s artifacts, paged with `page-token`' })
  async v2(
    @ProjectRefParam() ref: ProjectRef,
    @Param('jobNumber') jobNumber: string,
    @Query('page-token') pageToken: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.platform.useCases.listJobArtifactsV2(principal, { ref, jobNumber, pageToken: typeof pageToken === 'string' ? pageToken : undefined });
  }
}
