import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SlugPartSchema, routes } from '@stowage/contracts';
import { organizationView, projectView, roleOf, type Principal } from '@stowage/server-core';
import { z } from 'zod';
import { AddMemberDto, CreateProjectDto, UpdateMemberDto, UpdateRetentionDto } from '../http/dtos';
import { CurrentPrincipal, parseWith } from '../http/request-params';
import { PLATFORM, type ApiPlatform } from '../platform.provider';

@ApiTags('organizations')
@Controller()
export class OrganizationsController {
  constructor(@Inject(PLATFORM) private readonly platform: ApiPlatform) {}

  private organization(slug: string, principal: Principal, permission: 'read' | 'member' | 'admin') {
    return this.platform.access.requireOrganization(parseWith(SlugPartSchema, slug, 'org'), principal, permission);
  }

  @Get(routes.listOrganizations.path)
  @ApiOperation({ summary: 'Organizations the caller belongs to' })
  async list(@CurrentPrincipal() principal: Principal) {
    const userId = this.platform.access.requireUser(principal);
    const memberships = await this.platform.db.membership.findMany({ where: { userId }, include: { organization: true } });
    return memberships.map((m) => organizationView(m.organization, m.role));
  }

  @Get(routes.getOrganization.path)
  async get(@Param('org') slug: string, @CurrentPrincipal() principal: Principal) {
    const { organization, role } = await this.organization(slug, principal, 'read');
    return organizationView(organization, role);
  }

  @Put(routes.updateRetention.path)
  @ApiOperation({ summary: 'Plan > Usage Controls: artifact retention, 1 to 30 days (admins)' })
  async updateRetention(@Param('org') slug: string, @Body() body: UpdateRetentionDto, @CurrentPrincipal() principal: Principal) {
    const { organization, role } = await this.platform.useCases.updateRetention(principal, { slug: parseWith(SlugPartSchema, slug, 'org'), days: body.artifactRetentionDays });
    return organizationView(organization, role);
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
    const { organization } = await this.organization(slug, principal, 'member');
    const members = await this.platform.directory.listMembers(organization.id);
    return members.map((m) => ({ userId: m.userId, email: m.user.email, name: m.user.name, role: roleOf(m.role)! }));
  }

  @Post(routes.addMember.path)
  @HttpCode(201)
  async addMember(@Param('org') slug: string, @Body() body: AddMemberDto, @CurrentPrincipal() principal: Principal) {
    const { organization } = await this.organization(slug, principal, 'admin');
    const user = await this.platform.directory.findUser(body.email);
    const m = await this.platform.directory.setMembership(organization.id, user.id, body.role);
    return { userId: m.userId, email: m.user.email, name: m.user.name, role: roleOf(m.role)! };
  }

  @Patch(routes.updateMember.path)
  async updateMember(@Param('org') slug: string, @Param('userId') userId: string, @Body() body: UpdateMemberDto, @CurrentPrincipal() principal: Principal) {
    const { organization } = await this.organization(slug, principal, 'admin');
    const m = await this.platform.directory.updateMembershipRole(organization.id, parseWith(z.uuid(), userId, 'userId'), body.role);
    return { userId: m.userId, email: m.user.email, name: m.user.name, role: roleOf(m.role)! };
  }

  @Delete(routes.removeMember.path)
  @HttpCode(204)
  async removeMember(@Param('org') slug: string, @Param('userId') userId: string, @CurrentPrincipal() principal: Principal) {
    const { organization } = await this.organization(slug, principal, 'admin');
    await this.platform.directory.removeMembership(organization.id, parseWith(z.uuid(), userId, 'userId'));
  }

  @Get(routes.listProjects.path)
  @ApiOperation({ summary: 'Projects: all for members, public ones for everybody else' })
  async projects(@Param('org') slug: string, @CurrentPrincipal() principal: Principal) {
    const { organization, role } = await this.organization(slug, principal, 'read');
    const projects = await this.platform.directory.listProjects(organization.id, { includePrivate: role !== null });
    return projects.map(projectView);
  }

  @Post(routes.createProject.path)
  @HttpCode(201)
  async createProject(@Param('org') slug: string, @Body() body: CreateProjectDto, @CurrentPrincipal() principal: Principal) {
    const { organization } = await this.organization(slug, principal, 'admin');
    return projectView(await this.platform.directory.createProject(organization.id, body));
  }
}
