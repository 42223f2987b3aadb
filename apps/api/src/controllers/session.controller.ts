import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { routes } from '@stowage/contracts';
import { unauthorized } from '@stowage/domain';
import { organizationView, type Principal } from '@stowage/server-core';
import type { Request, Response } from 'express';
import { SESSION_COOKIE, requestCredentials } from '../http/authentication.guard';
import { SignInDto } from '../http/dtos';
import { CurrentPrincipal } from '../http/request-params';
import { PLATFORM, type ApiPlatform } from '../platform.provider';

@ApiTags('session')
@Controller()
export class SessionController {
  constructor(@Inject(PLATFORM) private readonly platform: ApiPlatform) {}

  private async me(userId: string) {
    const user = await this.platform.db.user.findUniqueOrThrow({
      where: { id: userId },
      include: { memberships: { include: { organization: true }, orderBy: { organization: { slug: 'asc' } } } },
    });
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      organizations: user.memberships.map((membership) => organizationView(membership.organization, membership.role)),
    };
  }

  @Post(routes.signIn.path)
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password; sets an httpOnly session cookie' })
  async signIn(@Body() body: SignInDto, @Res({ passthrough: true }) response: Response) {
    const user = await this.platform.directory.verifyPassword(body.email, body.password);
    if (!user) throw unauthorized('wrong email or password');
    const ttlHours = this.platform.config.env.SESSION_TTL_HOURS;
    const session = await this.platform.directory.createSession(user.id, ttlHours);
    response.cookie(SESSION_COOKIE, session.secret, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.platform.config.publicUrl.startsWith('https:'),
      path: '/',
      maxAge: ttlHours * 3600_000,
    });
    return this.me(user.id);
  }

  @Delete(routes.signOut.path)
  @HttpCode(204)
  async signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const { sessionSecret } = requestCredentials(request);
    if (sessionSecret) await this.platform.directory.deleteSession(sessionSecret);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get(routes.me.path)
  async current(@CurrentPrincipal() principal: Principal) {
    return this.me(this.platform.access.requireUser(principal));
  }
}

