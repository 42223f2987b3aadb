import { Controller, Get, Header, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { JobNumberSchema, V11LatestQuerySchema, routes, type ProjectRef } from '@stowage/contracts';
import { notFound } from '@stowage/domain';
import type { Principal } from '@stowage/server-core';
import { CurrentPrincipal, ProjectRefParam, parseWith } from '../http/request-params';
import { PLATFORM, type ApiPlatform } from '../platform.provider';

/**
 * CircleCI's artifacts API, v1.1 and v2, so existing scripts work by changing only the host.
 * Responses are JSON whatever `Accept` says: older v1.1 clients send none.
 */
@ApiTags('circleci-compatible')
@Controller()
export class CircleCiArtifactsController {
  constructor(@Inject(PLATFORM) private readonly platform: ApiPlatform) {}

  private async jobFor(ref: ProjectRef, principal: Principal, jobNumber: string, query: Record<string, unknown>) {
    if (jobNumber === 'latest') {
      const { project } = await this.platform.access.requireProject(ref, principal, 'read');
      const { branch, filter } = parseWith(V11LatestQuerySchema, { branch: query.branch, filter: query.filter }, 'query');
      const job = await this.platform.jobs.latest(project.id, { branch, filter });
      if (!job) throw notFound(`a job${branch ? ` on branch ${branch}` : ''}${filter ? ` with filter ${filter}` : ''}`);
      return job;
    }
    return this.numberedJob(ref, principal, jobNumber, 'build_num');
  }

  /** Project, role and job in one query. Access is still decided before the number is judged: a hidden project is a 404 whatever follows it. */
  private async numberedJob(ref: ProjectRef, principal: Principal, jobNumber: string, param: string) {
    const parsed = JobNumberSchema.safeParse(jobNumber);
    if (!parsed.success) await this.platform.access.requireProject(ref, principal, 'read');
    const number = parsed.success ? parsed.data : parseWith(JobNumberSchema, jobNumber, param);
    return (await this.platform.access.requireJob(ref, number, principal, 'read')).job;
  }

  @Get(routes.v11ListArtifacts.path)
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiOperation({ summary: 'v1.1: a job\'s artifacts (`latest` instead of a number, with `branch` and `filter`)' })
  async v11(
    @ProjectRefParam() ref: ProjectRef,
    @Param('jobNumber') jobNumber: string,
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
  ) {
    const job = await this.jobFor(ref, principal, jobNumber, query);
    return this.platform.artifacts.listV11(job.id);
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
    const job = await this.numberedJob(ref, principal, jobNumber, 'job-number');
    return this.platform.artifacts.listV2(job.id, typeof pageToken === 'string' ? pageToken : undefined);
  }
}
