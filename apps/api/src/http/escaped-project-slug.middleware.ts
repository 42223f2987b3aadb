import type { IncomingMessage, ServerResponse } from 'node:http';
import { routes } from '@stowage/contracts';
import { invalidInput, unescapeProjectSlugPath } from '@stowage/domain';

const V2_PROJECT_PREFIX = '/api/v2/project/';
const V2_PROJECT_TEMPLATE = `${V2_PROJECT_PREFIX}:vcs/:org/:project`;

/** The segments after `:project` of every v2 project route in the route table, so a route added there is covered here. */
export const V2_PROJECT_ROUTE_TAILS: ReadonlyArray<readonly string[]> = Object.values(routes)
  .map((route) => route.path)
  .filter((path) => path === V2_PROJECT_TEMPLATE || path.startsWith(`${V2_PROJECT_TEMPLATE}/`))
  .map((path) => path.slice(V2_PROJECT_TEMPLATE.length).split('/').filter(Boolean));

/**
 * CircleCI's v2 clients may escape the slashes of the project slug (`gh%2Facme%2Fapp`): before
 * routing, such a URL is rewritten to the plain form (`req.originalUrl` keeps what the client sent),
 * and a slug that is still not three parts is a 400 (`unescapeProjectSlugPath` says why). It runs
 * before the router, so every v2 project route answers both forms without knowing of this.
 */
export function escapedProjectSlugs() {
  return (request: IncomingMessage, _response: ServerResponse, next: (error?: unknown) => void): void => {
    const url = request.url ?? '';
    // Express matches routes without regard to case; so does this prefix.
    if (url.slice(0, V2_PROJECT_PREFIX.length).toLowerCase() !== V2_PROJECT_PREFIX) return next();
    const queryAt = url.indexOf('?');
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    const result = unescapeProjectSlugPath(path.slice(V2_PROJECT_PREFIX.length), V2_PROJECT_ROUTE_TAILS);
    if (result.kind === 'malformed') return next(invalidInput(result.message));
    if (result.kind === 'unescaped') request.url = `${path.slice(0, V2_PROJECT_PREFIX.length)}${result.path}${queryAt < 0 ? '' : url.slice(queryAt)}`;
    next();
  };
}
