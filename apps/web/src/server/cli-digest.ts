import 'server-only';
import { CLI_DIGEST_SUFFIX, CLI_DOWNLOAD_FILES, CLI_DOWNLOAD_PREFIX } from '@stowage/contracts';
import { apiBaseUrl } from './stowage-api';

/**
 * The SHA-256 of the executable the API serves now, shown beside the CI recipe so a user can paste
 * it into their config. Nothing when the API has not built it or does not answer: the page still
 * shows the recipe, which says where to get the digest.
 */
export async function loadCliExecutableDigest(): Promise<string | undefined> {
  try {
    const response = await fetch(`${apiBaseUrl()}${CLI_DOWNLOAD_PREFIX}/${CLI_DOWNLOAD_FILES.executable}${CLI_DIGEST_SUFFIX}`, { cache: 'no-store' });
    if (!response.ok) return undefined;
    return /^([0-9a-f]{64}) /.exec(await response.text())?.[1];
  } catch {
    return undefined;
  }
}
