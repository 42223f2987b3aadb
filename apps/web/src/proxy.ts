import { NextResponse, type NextRequest } from 'next/server';
import { SHARE_LINK_HEADERS } from '@stowage/contracts';
import { parseWebEnv } from './config/web-env';
import { apiForwardingTarget, forwardingOf, SHARE_PAGE_HEADER } from './server/api-forwarding';

const { STOWAGE_API_URL } = parseWebEnv();

/**
 * The browser talks to the API on this origin: `/api/*`, `/output/*`, `/cli/*` and the public side
 * of share links (`/s/:secret/listing`, `/s/:secret/files/…`, `/s/:secret/archive.zip`) are
 * rewritten to `STOWAGE_API_URL`, byte for byte and with the API's headers, so the session cookie
 * stays first-party and artifact links, previews (Range requests) and zip downloads need no CORS,
 * a CI job can fetch the CLI from the address its users know, and a share link is this app's
 * address. This is a request-time rewrite rather than `rewrites()` in next.config.ts because those
 * are frozen into the build output: the API address must be a runtime setting of `next start`,
 * like everything else the server reads.
 *
 * A share page (`/s/:secret`) is rendered here, for anyone: the request reaches it without the
 * visitor's cookies and marked, so the root layout shows no shell (nothing of the visitor's
 * account or organizations), and the answer carries the share links' headers.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const forwarding = forwardingOf(pathname);
  if (forwarding === 'api') return NextResponse.rewrite(apiForwardingTarget(pathname, search, STOWAGE_API_URL));
  if (forwarding === 'share-page') {
    const headers = new Headers(request.headers);
    headers.delete('cookie');
    headers.set(SHARE_PAGE_HEADER, '1');
    const response = NextResponse.next({ request: { headers } });
    for (const [name, value] of Object.entries(SHARE_LINK_HEADERS)) response.headers.set(name, value);
    return response;
  }
  return NextResponse.next();
}

export const config = {
  matcher: ['/api/:path*', '/output/:path*', '/cli/:path*', '/s/:secret', '/s/:secret/listing', '/s/:secret/files/:path*', '/s/:secret/archive.zip'],
};
