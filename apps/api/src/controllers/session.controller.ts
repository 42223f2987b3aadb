import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { routes } from '@stowage/contracts';
import type { Principal } from '@stowage/server-core';
import type { Request, Response } from 'express';
import { SESSION_COOKIE, requestCredentials } from '../http/authentication.guard';
import { SignInDto } from '../http/dtos';
import { CurrentPrincipal } from '../http/request-params';
import { PLATFORM, type ApiPlatform } from '../platform.provider';

@ApiTags('session')
@Controller()
export class SessionController {
  constructor(@Inject(PLATFORM) private readonly platform: ApiPlatform) {}

  @Post(routes.signIn.path)
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password; sets an httpOnly session cookie' })
  async signIn(@Body() body: SignInDto, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) response: Response) {
    const { me, session } = await this.platform.useCases.signIn(principal, body);
    response.cookie(SESSION_COOKIE, session.secret, { httpOnly: true, sameSite: 'lax', secure: session.secure, path: '/', maxAge: session.maxAgeMs });
    return me;
  }

  @Delete(routes.signOut.path)
  @HttpCode(204)
  async signOut(@Req() request: Request, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) response: Response) {
    await this.platform.useCases.signOut(principal, { sessionSecret: requestCredentials(request).sessionSecret });
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get(routes.me.path)
  async current(@CurrentPrincipal() principal: Principal) {
    return this.platform.useCases.getMe(principal);
  }
}

