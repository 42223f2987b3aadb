import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ANONYMOUS, type Principal } from '@stowage/server-core';
import type { Request } from 'express';
import { PLATFORM, type ApiPlatform } from '../platform.provider';

export const SESSION_COOKIE = 'stowage_session';

function cookie(request: Request, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * Tokens are accepted the three ways CircleCI accepts them: a `Circle-Token` header, a `circle-token`
 * query parameter (what older v1.1 clients send) and HTTP Basic with the token as the username.
 * The web app's session cookie comes last.
 */
export function requestCredentials(request: Request): { token?: string; sessionSecret?: string } {
  const header = request.headers['circle-token'];
  if (typeof header === 'string' && header) return { token: header };
  const query = (request.query as Record<string, unknown>)['circle-token'];
  if (typeof query === 'string' && query) return { token: query };
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const username = decoded.split(':')[0];
    if (username) return { token: username };
  }
  if (authorization?.startsWith('Bearer ')) return { token: authorization.slice(7).trim() };
  return { sessionSecret: cookie(request, SESSION_COOKIE) };
}

export type AuthenticatedRequest = Request & { principal: Principal; id?: string };

/** Establishes who is calling on every request; what they may do is decided by the domain services. */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(@Inject(PLATFORM) private readonly platform: ApiPlatform) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // A share link is its own credential: whatever token or cookie comes with it is not looked at.
    if (request.path.startsWith('/s/')) {
      request.principal = ANONYMOUS;
      return true;
    }
    request.principal = await this.platform.useCases.authenticate(requestCredentials(request));
    return true;
  }
}
