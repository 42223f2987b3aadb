/**
 * Where `proxy.ts` forwards a request for the API: the same path and query on `STOWAGE_API_URL`,
 * kept byte for byte. Nothing is decoded on the way, so a v2 project slug with escaped slashes
 * (`gh%2Facme%2Fapp`, which CircleCI's v2 reference allows) reaches the API as the client wrote it.
 */
export function apiForwardingTarget(pathname: string, search: string, apiUrl: string): URL {
  return new URL(`${pathname}${search}`, `${apiUrl}/`);
}

/** The public side of share links the API answers: a listing, a file, the zip (docs/share-links.md). */
const SHARED_API_PATH = /^\/s\/[^/]+\/(?:listing|archive\.zip|files\/.+)$/;
/** The page this app renders for a link: `/s/<secret>`, without app shell or session. */
const SHARE_PAGE_PATH = /^\/s\/[^/]+\/?$/;

/** What `proxy.ts` does with a path its matcher let through. */
export function forwardingOf(pathname: string): 'api' | 'share-page' | 'none' {
  if (/^\/(?:api|output|cli)(?:\/|$)/.test(pathname) || SHARED_API_PATH.test(pathname)) return 'api';
  if (SHARE_PAGE_PATH.test(pathname)) return 'share-page';
  return 'none';
}

/** Set by `proxy.ts` on requests for a share page: the root layout then renders no shell and reads no session. */
export const SHARE_PAGE_HEADER = 'x-stowage-share-page';
