import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SlugPartSchema, routes } from '@stowage/contracts';
import type { Principal } from '@stowage/domain';
import { AddMemberDto, CreateProjectDto, UpdateMemberDto, UpdateRetentionDto } from '../http/dtos';
import { CurrentPrincipal, parseWith } from '../http/request-params';
import { PLATFORM, type ApiPlatform } from '../platform.provider';

@ApiTags('organizations')
@Controller()
export class OrganizationsController {
  constructor(@Inject(PLATFORM) private readonly platform: ApiPlatform) {}

  @Get(routes.listOrganizations.path)
  @ApiOperation({ summary: 'Organizations the caller belongs to' })
  async list(@CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.listOrganizations(principal);
  }

  @Get(routes.getOrganization.path)
  async get(@Param('org') slug: string, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.getOrganization(principal, { organization: parseWith(SlugPartSchema, slug, 'org') });
  }

  @Put(routes.updateRetention.path)
  @ApiOperation({ summary: 'Plan > Usage Controls: artifact retention, 1 to 30 days (admins)' })
  async updateRetention(@Param('org') slug: string, @Body() body: UpdateRetentionDto, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.updateRetention(principal, { slug: parseWith(SlugPartSchema, slug, 'org'), days: body.artifactRetentionDays });
  }

  @Get(routes.previewRetention.path)
  @ApiOperation({ summary: 'How many artifacts and bytes a retention would expire at once' })
  async previewRetention(@Param('org') slug: string, @Query('days') days: string, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.previewRetention(principal, { slug: parseWith(SlugPartSchema, slug, 'org'), days });
  }

  @Get(routes.getUsage.path)
  @ApiOperation({ summary: 'Storage and network usage for the last 30 days (members)' })
  async usage(@Param('org') slug: string, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.getUsage(principal, { slug: parseWith(SlugPartSchema, slug, 'org') });
  }

  @Get(routes.listMembers.path)
  async members(@Param('org') slug: string, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.listMembers(principal, { organization: parseWith(SlugPartSchema, slug, 'org') });
  }

  @Post(routes.addMember.path)
  @HttpCode(201)
  async addMember(@Param('org') slug: string, @Body() body: AddMemberDto, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.addMember(principal, { organization: parseWith(SlugPartSchema, slug, 'org'), email: body.email, role: body.role });
  }

  @Patch(routes.updateMember.path)
  async updateMember(@Param('org') slug: string, @Param('userId') userId: string, @Body() body: UpdateMemberDto, @CurrentPrincipal() principal: Principal) {
    const organization = parseWith(SlugPartSchema, slug, 'org');
    return this.platform.useCases.updateMember(principal, { organization, userId, role: body.role });
  }

  @Delete(routes.removeMember.path)
  @HttpCode(204)
  async removeMember(@Param('org') slug: string, @Param('userId') userId: string, @CurrentPrincipal() principal: Principal) {
    const organization = parseWith(SlugPartSchema, slug, 'org');
    await this.platform.useCases.removeMember(principal, { organization, userId });
  }

  @Get(routes.listProjects.path)
  @ApiOperation({ summary: 'Projects: all for members, public ones for everybody else' })
  async projects(@Param('org') slug: string, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.listProjects(principal, { organization: parseWith(SlugPartSchema, slug, 'org') });
  }

  @Post(routes.createProject.path)
  @HttpCode(201)
  async createProject(@Param('org') slug: string, @Body() body: CreateProjectDto, @CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.createProject(principal, { organization: parseWith(SlugPartSchema, slug, 'org'), ...body });
  }
}
