import path from 'node:path';
import type { NextConfig } from 'next';
import { SHARE_LINK_HEADERS } from '@stowage/contracts';

// The `@stowage/*` libraries live outside apps/web; Turbopack only resolves files under its root.
const workspaceRoot = path.resolve(__dirname, '../..');

// Uploaded files are served from this origin through the `/output` rewrite, so an HTML artifact opened
// directly must not run as the app: a CSP sandbox gives it an opaque origin (no same-origin API calls).
const artifactSandbox = "sandbox allow-scripts allow-popups allow-forms allow-downloads; frame-ancestors 'self'";

const nextConfig: NextConfig = {
  turbopack: { root: workspaceRoot },
  outputFileTracingRoot: workspaceRoot,
  poweredByHeader: false,
  reactStrictMode: true,
  // `/api/*`, `/output/*`, `/cli/*` and share links' `/s/:secret/…` reach the API through src/proxy.ts, at request time.
  async headers() {
    return [
      {
        source: '/output/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: artifactSandbox },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
        ],
      },
      {
        // Share links (their page here, and what src/proxy.ts forwards to the API): the secret is in the
        // address, so it never leaves as a Referer and nothing caches or indexes it.
        source: '/s/:path*',
        headers: [
          ...Object.entries(SHARE_LINK_HEADERS).map(([key, value]) => ({ key, value })),
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
        ],
      },
      {
        // App pages may not be framed by others; artifact previews (`/output`) are framed by the app itself.
        source: '/((?!output/|api/|s/).*)',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
        ],
      },
    ];
  },
};

export default nextConfig;
