import { NextResponse, type NextRequest } from 'next/server';
import { parseWebEnv } from './config/web-env';
import { apiForwardingTarget } from './server/api-forwarding';

const { STOWAGE_API_URL } = parseWebEnv();

/**
 * The browser talks to the API on this origin: `/api/*`, `/output/*` and `/cli/*` are rewritten to
 * `STOWAGE_API_URL`, so the session cookie stays first-party and artifact links, previews (Range
 * requests) and zip downloads need no CORS, and a CI job can fetch the CLI from the address its
 * users know. This is a request-time rewrite rather than
 * `rewrites()` in next.config.ts because those are frozen into the build output: the API address
 * must be a runtime setting of `next start`, like everything else the server reads.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  return NextResponse.rewrite(apiForwardingTarget(pathname, search, STOWAGE_API_URL));
}

export const config = {
  matcher: ['/api/:path*', '/output/:path*', '/cli/:path*'],
};
