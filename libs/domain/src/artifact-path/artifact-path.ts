import { DomainError } from '../errors';
import { findLoneSurrogate } from './java-url-encoder';

/**
 * The canonical artifact path, the only form the API accepts: a non-empty, relative, `/`-separated
 * UTF-8 string, used exactly as given (no Unicode normalisation, so `é` and `e` + U+0301 are two
 * different artifacts, as they are two different files on Linux). Any character but NUL may occur,
 * control characters included: show a path with `displayArtifactPath`, never raw.
 */
export const MAX_ARTIFACT_PATH_BYTES = 1024;

export type ArtifactPathValidation = { ok: true } | { ok: false; reason: string };

/** A path that is not canonical (a 400 at the API); `reason` is the sentence `validateArtifactPath` gave. */
export class InvalidArtifactPathError extends DomainError {
  override readonly name = 'InvalidArtifactPathError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super('invalid_input', reason);
  }
}

/** UTF-8 length without `Buffer`, so the domain stays usable outside Node. Assumes no lone surrogates. */
export function utf8ByteLength(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4; // a surrogate pair is one astral code point: 4 bytes, and skip its low half
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

const invalid = (reason: string): ArtifactPathValidation => ({ ok: false, reason });

export function validateArtifactPath(path: string): ArtifactPathValidation {
  if (typeof path !== 'string') return invalid('The artifact path must be a string.');
  if (path.length === 0) return invalid('The artifact path is empty.');

  const surrogate = findLoneSurrogate(path);
  if (surrogate !== -1) {
    return invalid(
      `The artifact path is not valid Unicode: it has an unpaired surrogate at index ${surrogate}, so it cannot be encoded as UTF-8.`,
    );
  }

  const bytes = utf8ByteLength(path);
  if (bytes > MAX_ARTIFACT_PATH_BYTES) {
    return invalid(`The artifact path is ${bytes} bytes long in UTF-8; the limit is ${MAX_ARTIFACT_PATH_BYTES} bytes.`);
  }

  // Every other character a Linux file name can hold is accepted, controls included (CircleCI
  // stores a name with a tab as `%09`); only NUL cannot occur in a name, nor in PostgreSQL text.
  const nul = path.indexOf('\u0000');
  if (nul !== -1) return invalid(`The artifact path contains the character U+0000 (NUL) at index ${nul}, which no file name can hold.`);

  if (path.startsWith('/')) return invalid('The artifact path must be relative: it must not start with "/".');
  if (path.endsWith('/')) return invalid('The artifact path must name a file: it must not end with "/".');

  for (const segment of path.split('/')) {
    if (segment === '') return invalid('The artifact path contains an empty segment ("//").');
    if (segment === '.' || segment === '..') {
      return invalid(`The artifact path contains a "${segment}" segment; only plain names are allowed between "/".`);
    }
  }
  return { ok: true };
}

export function isValidArtifactPath(path: string): boolean {
  return validateArtifactPath(path).ok;
}

/** Returns `path` when it is canonical, else throws {@link InvalidArtifactPathError}. */
export function assertArtifactPath(path: string): string {
  const result = validateArtifactPath(path);
  if (!result.ok) throw new InvalidArtifactPathError(path, result.reason);
  return path;
}

/**
 * Joins path fragments (each may already contain `/`) with single `/`s, leaving out empty fragments,
 * and checks the result is canonical. Fragments are not cleaned up: `joinArtifactPath('a/', 'b')`
 * throws rather than guessing, because a stray slash means the caller built something wrong.
 */
export function joinArtifactPath(...segments: string[]): string {
  return assertArtifactPath(segments.filter((segment) => segment !== '').join('/'));
}
