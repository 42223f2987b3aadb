import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { JobNumberSchema, SlugPartSchema, VcsTypeParamSchema, type ProjectRef } from '@stowage/contracts';
import type { Principal } from '@stowage/server-core';
import { z } from 'zod';
import type { AuthenticatedRequest } from './authentication.guard';

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
});

const ProjectParamsSchema = z.object({ vcs: VcsTypeParamSchema, org: SlugPartSchema, project: SlugPartSchema });

/** `:vcs/:org/:project` as a validated project reference (unknown VCS types are a 400 naming the value). */
export const ProjectRefParam = createParamDecorator((_: unknown, context: ExecutionContext): ProjectRef => {
  const params = ProjectParamsSchema.parse(context.switchToHttp().getRequest<AuthenticatedRequest>().params);
  return { vcsType: params.vcs, organization: params.org, project: params.project };
});

export const JobNumberParam = createParamDecorator((_: unknown, context: ExecutionContext): number => {
  const value = context.switchToHttp().getRequest<AuthenticatedRequest>().params.jobNumber;
  const parsed = JobNumberSchema.safeParse(value);
  if (!parsed.success) throw new z.ZodError([{ code: 'custom', path: ['jobNumber'], message: `job number must be a positive integer, got "${value}"`, input: value }]);
  return parsed.data;
});

/** Validates one route parameter or query object against a zod schema. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown, path: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new z.ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: [path, ...issue.path] })));
  }
  return parsed.data;
}

/** The headers a download answers to (Range, conditional requests, cache control), as single strings. */
export function downloadHeadersOf(request: { headers: Record<string, string | string[] | undefined> }) {
  const header = (name: string) => (typeof request.headers[name] === 'string' ? (request.headers[name] as string) : undefined);
  return {
    range: header('range'),
    'if-range': header('if-range'),
    'if-none-match': header('if-none-match'),
    'if-modified-since': header('if-modified-since'),
    'cache-control': header('cache-control'),
  };
}
