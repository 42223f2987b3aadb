/**
 * The API serves its own CLI, built from the same checkout as the server, so a CI job fetches a
 * CLI of the server's version with curl: `GET /cli/<file>`, and `GET /cli/<file>.sha256` for its
 * digest in `sha256sum` format. Public (no token), like a release download.
 */
export const CLI_DOWNLOAD_PREFIX = '/cli';

export const CLI_DOWNLOAD_FILES = {
  /** One CommonJS file for any image with Node.js 20.18.1 or later; no install step. */
  bundle: 'stowage.cjs',
  /** A single executable (Node.js inside) for Linux x64 images without Node.js; glibc 2.28 or later. */
  executable: 'stowage-linux-x64',
} as const;

export type CliDownloadFile = (typeof CLI_DOWNLOAD_FILES)[keyof typeof CLI_DOWNLOAD_FILES];

export const CLI_DIGEST_SUFFIX = '.sha256';
