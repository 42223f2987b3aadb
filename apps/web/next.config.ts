import path from 'node:path';
import type { NextConfig } from 'next';

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
  // `/api/*` and `/output/*` reach the API through src/proxy.ts, at request time.
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
        // App pages may not be framed by others; artifact previews (`/output`) are framed by the app itself.
        source: '/((?!output/|api/).*)',
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
