/**
 * CircleCI's v2 API reference says of `project-slug`: "The `/` characters may be URL-escaped", so
 * clients send `gh%2Facme%2Fapp/123/artifacts` where others send `gh/acme/app/123/artifacts`. A
 * router sees the escaped slug as one segment; this rule turns it back into the plain path, so every
 * v2 route answers both forms alike (page tokens too: they never name the slug).
 *
 * An escaped slash may only separate the slug's three parts (vcs/org/project). Where the slug ends
 * depends on the route that follows it (`gh%2Facme/app/123/artifacts` is partly escaped and valid,
 * `gh%2Facme/123/artifacts` is a two-part slug): so the caller passes the v2 routes' tails, the path
 * segments after `:project` (`[':jobNumber', 'artifacts']`).
 */

/** What to do with the part of a v2 path after `/api/v2/project/`. */
export type EscapedProjectSlugResult =
  /** No escaped slash: route the path as it came. */
  | { kind: 'plain' }
  /** The same path with the slug's escaped slashes written as `/`; other escapes are left alone. */
  | { kind: 'unescaped'; path: string }
  /** Still not a three-part slug once unescaped: a 400 with this reason. */
  | { kind: 'malformed'; message: string };

const ESCAPED_SLASH = /%2F/i;
export const PROJECT_SLUG_PARTS = 3;

/** Whether `tail` (from a route template) matches the last path segments of `parts`. */
function tailMatches(parts: readonly string[], tail: readonly string[]): boolean {
  if (parts.length < tail.length) return false;
  const offset = parts.length - tail.length;
  // Express routes ignore case by default; a literal segment matches here as it would there.
  return tail.every((segment, i) => (segment.startsWith(':') ? parts[offset + i] !== '' : segment.toLowerCase() === parts[offset + i].toLowerCase()));
}

/**
 * @param path  the raw (still percent-encoded) path after `/api/v2/project/`, without the query
 * @param routeTails  the segments after `:project` of every v2 project route
 */
export function unescapeProjectSlugPath(path: string, routeTails: ReadonlyArray<readonly string[]>): EscapedProjectSlugResult {
  if (!ESCAPED_SLASH.test(path)) return { kind: 'plain' };
  // A trailing slash is no segment (Express routes ignore it too); keep it on the way out.
  const trailingSlash = path.endsWith('/') ? '/' : '';
  const parts: string[] = [];
  /** escaped[i]: the separator before parts[i + 1] was written %2F. */
  const escaped: boolean[] = [];
  for (const segment of (trailingSlash ? path.slice(0, -1) : path).split('/')) {
    segment.split(ESCAPED_SLASH).forEach((piece, i) => {
      if (parts.length > 0) escaped.push(i > 0);
      parts.push(piece);
    });
  }
  const shown = (count: number) => parts.slice(0, count).join('/');

  const pastSlug = escaped.findIndex((isEscaped, i) => isEscaped && i >= PROJECT_SLUG_PARTS - 1);
  if (pastSlug >= 0) {
    return {
      kind: 'malformed',
      message: `an escaped slash (%2F) runs past the project slug's three parts (vcs/org/project): "${shown(PROJECT_SLUG_PARTS)}" is followed by "%2F${parts[pastSlug + 1]}"`,
    };
  }
  // The slug is what precedes a route's tail; among the routes the path could be, one must leave three parts.
  const slugLengths = routeTails.filter((tail) => tailMatches(parts, tail)).map((tail) => parts.length - tail.length);
  const slugLength = slugLengths.includes(PROJECT_SLUG_PARTS) || slugLengths.length === 0 ? PROJECT_SLUG_PARTS : slugLengths[0];
  if (slugLength !== PROJECT_SLUG_PARTS || parts.length < PROJECT_SLUG_PARTS) {
    const count = Math.min(slugLength, parts.length);
    return {
      kind: 'malformed',
      message: `the project slug "${shown(count)}" has ${count} parts; a project slug has three, vcs/org/project (e.g. gh/acme/app), with its "/" escaped as %2F or not`,
    };
  }
  const empty = parts.slice(0, PROJECT_SLUG_PARTS).findIndex((part) => part === '');
  if (empty >= 0) {
    return { kind: 'malformed', message: `the project slug "${shown(PROJECT_SLUG_PARTS)}" has an empty part; a project slug is vcs/org/project (e.g. gh/acme/app)` };
  }
  return { kind: 'unescaped', path: `${parts.join('/')}${trailingSlash}` };
}
