import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CompareJobsQuerySchema, ListArtifactsQuerySchema, ListJobsQuerySchema, routes, type ProjectRef } from '@stowage/contracts';
import type { Principal } from '@stowage/domain';
import { z } from 'zod';
import { CreatePersonalTokenDto, CreateProjectTokenDto, PurgeRequestDto, UpdateProjectDto, UpsertJobDto } from '../http/dtos';
import { CurrentPrincipal, JobNumberParam, ProjectRefParam, parseWith } from '../http/request-params';
import { PLATFORM, type ApiPlatform } from '../platform.provider';

@ApiTags('projects')
@Controller()
export class ProjectsController {
  constructor(@Inject(PLATFORM) private readonly platform: ApiPlatform) {}

  @Get(routes.getProject.path)
  async get(@ProjectRefParam() ref: ProjectRef, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.getProject(principal, { project: ref });
  }

  @Patch(routes.updateProject.path)
  @ApiOperation({ summary: 'Rename a project or change its visibility (admins)' })
  async update(@ProjectRefParam() ref: ProjectRef, @Body() body: UpdateProjectDto, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.updateProject(principal, { project: ref, changes: body });
  }

  @Delete(routes.deleteProject.path)
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a project with its jobs and artifacts, bytes included (admins)' })
  async remove(@ProjectRefParam() ref: ProjectRef, @CurrentPrincipal() principal: Principal) {
    await this.platform.useCases.deleteProject(principal, { ref });
  }

  @Get(routes.listJobs.path)
  @ApiOperation({ summary: 'A project\'s jobs, newest first, filtered by branch, name and status' })
  async jobs(@ProjectRefParam() ref: ProjectRef, @Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal) {
    const q = parseWith(ListJobsQuerySchema, query, 'query');
    const before = q['page-token'] ? parseWith(z.coerce.number().int().positive(), q['page-token'], 'page-token') : undefined;
    return this.platform.useCases.listJobs(principal, { ref, branch: q.branch, name: q.name, status: q.status, beforeNumber: before });
  }

  @Get(routes.getJob.path)
  async job(@ProjectRefParam() ref: ProjectRef, @JobNumberParam() jobNumber: number, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.getJob(principal, { ref, jobNumber });
  }

  @Get(routes.compareJobs.path)
  @ApiOperation({
    summary: 'A job compared with another of the project: added, removed and changed files with sizes, deltas and totals',
    description:
      'Query: base (a job number; absent: the newest successful job of the same name on the default branch, or the previous one when this job is on it), ' +
      'matchBy=container|path, status=added,removed,changed[,unchanged], prefix, page-token, page-size. `pending` is true while either job has pending artifacts.',
  })
  async compare(@ProjectRefParam() ref: ProjectRef, @JobNumberParam() jobNumber: number, @Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal) {
    const q = parseWith(CompareJobsQuerySchema, query, 'query');
    return this.platform.useCases.compareJobs(principal, {
      ref,
      jobNumber,
      base: q.base,
      matchBy: q.matchBy,
      statuses: q.status,
      prefix: q.prefix,
      pageToken: q['page-token'],
      pageSize: q['page-size'] ?? 1000,
    });
  }

  @Put(routes.upsertJob.path)
  @ApiOperation({ summary: 'For CI systems: register a job or update its status, branch, revision and times' })
  async upsertJob(@ProjectRefParam() ref: ProjectRef, @JobNumberParam() jobNumber: number, @Body() body: UpsertJobDto, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.upsertJob(principal, { ref, jobNumber, report: body });
  }

  @Get(routes.listJobArtifacts.path)
  @ApiOperation({ summary: 'A job\'s artifacts in every state, with details and core-dump facts' })
  async artifacts(@ProjectRefParam() ref: ProjectRef, @JobNumberParam() jobNumber: number, @Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal) {
    const q = parseWith(ListArtifactsQuerySchema, query, 'query');
    return this.platform.useCases.listJobArtifacts(principal, { ref, jobNumber, prefix: q.prefix, pageToken: q['page-token'], pageSize: q['page-size'] ?? 1000 });
  }

  @Delete(routes.deleteJobArtifacts.path)
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete all of a job\'s artifacts now, bytes included (admins)' })
  async deleteJobArtifacts(@ProjectRefParam() ref: ProjectRef, @JobNumberParam() jobNumber: number, @CurrentPrincipal() principal: Principal) {
    await this.platform.useCases.deleteJobArtifacts(principal, { ref, jobNumber });
  }

  @Delete(routes.deleteArtifact.path)
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete one artifact now, bytes included (admins)' })
  async deleteArtifact(@Param('artifactId') artifactId: string, @CurrentPrincipal() principal: Principal) {
    await this.platform.useCases.deleteArtifact(principal, { artifactId: parseWith(z.uuid(), artifactId, 'artifactId') });
  }

  @Get(routes.previewPurge.path)
  @ApiOperation({ summary: 'Before purging an artifact\'s bytes: every artifact of the project that refers to the same bytes and would go too (admins)' })
  async previewPurge(@Param('artifactId') artifactId: string, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.previewPurge(principal, { artifactId: parseWith(z.uuid(), artifactId, 'artifactId') });
  }

  @Post(routes.purgeArtifactBytes.path)
  @HttpCode(200)
  @ApiOperation({ summary: 'Purge an artifact\'s bytes and every artifact referring to them, confirmed by their SHA-256 and the previewed count (admins)' })
  async purgeArtifactBytes(@Param('artifactId') artifactId: string, @Body() body: PurgeRequestDto, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.purgeArtifactBytes(principal, { artifactId: parseWith(z.uuid(), artifactId, 'artifactId'), confirmation: body });
  }

  @Get(routes.listProjectTokens.path)
  async projectTokens(@ProjectRefParam() ref: ProjectRef, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.listProjectTokens(principal, { project: ref });
  }

  @Post(routes.createProjectToken.path)
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a project token for CI agents (admins); the secret is shown once' })
  async createProjectToken(@ProjectRefParam() ref: ProjectRef, @Body() body: CreateProjectTokenDto, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.createProjectToken(principal, { project: ref, name: body.name, scope: body.scope });
  }

  @Delete(routes.revokeProjectToken.path)
  @HttpCode(204)
  async revokeProjectToken(@ProjectRefParam() ref: ProjectRef, @Param('tokenId') tokenId: string, @CurrentPrincipal() principal: Principal) {
    await this.platform.useCases.revokeProjectToken(principal, { project: ref, tokenId });
  }

  @Get(routes.listPersonalTokens.path)
  async personalTokens(@CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.listPersonalTokens(principal);
  }

  @Post(routes.createPersonalToken.path)
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a personal API token; the secret is shown once' })
  async createPersonalToken(@Body() body: CreatePersonalTokenDto, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.createPersonalToken(principal, { name: body.name });
  }

  @Delete(routes.revokePersonalToken.path)
  @HttpCode(204)
  async revokePersonalToken(@Param('tokenId') tokenId: string, @CurrentPrincipal() principal: Principal) {
    await this.platform.useCases.revokePersonalToken(principal, { tokenId });
  }
}
