import { DomainError } from '../errors';

/**
 * Artifact names in URLs are encoded the way CircleCI encodes them: with Java's
 * `URLEncoder.encode(s, "UTF-8")` (https://docs.oracle.com/javase/7/docs/api/java/net/URLEncoder.html).
 * That is not `encodeURIComponent`: Java keeps only `A-Z a-z 0-9 . - * _`, turns a space into `+`
 * and escapes everything else, `~ ! ' ( )` included, as `%XX` with uppercase hex over the UTF-8 bytes.
 */

/** A string that cannot be encoded, or an encoded string that cannot be decoded: a 400 at the API. */
export class InvalidEncodingError extends DomainError {
  override readonly name = 'InvalidEncodingError';
  constructor(
    message: string,
    /** The string that was being encoded or decoded. */
    readonly input: string,
    /** Index in `input` of the offending character or escape. */
    readonly index: number,
  ) {
    super('invalid_input', message);
  }
}

/** Each byte's encoded form, computed once. */
const ENCODED_BYTE: readonly string[] = Array.from({ length: 256 }, (_, byte) => {
  const char = String.fromCharCode(byte);
  if (/^[A-Za-z0-9.*_-]$/.test(char)) return char;
  if (byte === 0x20) return '+';
  return `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
});

const ASCII = /^[\x00-\x7F]*$/;
/** The ASCII characters Java escapes; in a path, `/` is the separator and stays. */
const ESCAPED = /[^A-Za-z0-9.*_-]/g;
const ESCAPED_IN_PATH = /[^A-Za-z0-9.*_\-/]/g;
/** ASCII is its own UTF-8: one character, one byte. */
const escapeAscii = (char: string) => ENCODED_BYTE[char.charCodeAt(0)];

const utf8Encoder = new TextEncoder();
/**
 * `fatal` so invalid UTF-8 throws instead of becoming U+FFFD (Java's decoder substitutes silently);
 * `ignoreBOM` so a name that really starts with U+FEFF keeps it.
 */
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Index of the first unpaired UTF-16 surrogate (which has no UTF-8 form), or -1. */
export function findLoneSurrogate(s: string): number {
  const match = LONE_SURROGATE.exec(s);
  return match ? match.index : -1;
}

/**
 * `URLEncoder.encode(s, "UTF-8")`. Java would turn an unpaired surrogate into `%3F` (`?`), silently
 * renaming the artifact; we throw instead, since no valid artifact path contains one.
 */
export function encodeJavaUrlComponent(s: string): string {
  // Listings encode every path they return, and most names are ASCII: replace only what needs it.
  if (ASCII.test(s)) return s.replace(ESCAPED, escapeAscii);
  const surrogate = findLoneSurrogate(s);
  if (surrogate !== -1) {
    throw new InvalidEncodingError(
      `Cannot encode the text: it contains an unpaired UTF-16 surrogate at index ${surrogate}, which has no UTF-8 form.`,
      s,
      surrogate,
    );
  }
  let encoded = '';
  for (const byte of utf8Encoder.encode(s)) encoded += ENCODED_BYTE[byte];
  return encoded;
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/**
 * The inverse of {@link encodeJavaUrlComponent}, as `URLDecoder.decode(s, "UTF-8")` but strict:
 * `+` is a space, each run of `%XX` escapes is one UTF-8 byte sequence (lowercase hex accepted),
 * any other character stands for itself (browsers leave `~ ' ( ) !` unescaped).
 * A truncated or non-hex escape, bytes that are not UTF-8, or an unpaired surrogate throw.
 */
export function decodeJavaUrlComponent(s: string): string {
  return decodeRange(s, 0, s.length);
}

/** Decodes `input[start, end)`, reporting errors with indices into the whole `input`. */
function decodeRange(input: string, start: number, end: number): string {
  const surrogate = findLoneSurrogate(input.slice(start, end));
  if (surrogate !== -1) {
    const index = start + surrogate;
    throw new InvalidEncodingError(`Unpaired UTF-16 surrogate at index ${index}.`, input, index);
  }
  let decoded = '';
  let i = start;
  while (i < end) {
    const code = input.charCodeAt(i);
    if (code === 0x2b /* + */) {
      decoded += ' ';
      i += 1;
    } else if (code === 0x25 /* % */) {
      const runStart = i;
      const bytes: number[] = [];
      while (i < end && input.charCodeAt(i) === 0x25) {
        const high = i + 1 < end ? hexValue(input.charCodeAt(i + 1)) : -1;
        const low = i + 2 < end ? hexValue(input.charCodeAt(i + 2)) : -1;
        if (high === -1 || low === -1) {
          throw new InvalidEncodingError(
            `Malformed escape "${input.slice(i, Math.min(i + 3, end))}" at index ${i}: "%" must be followed by two hexadecimal digits.`,
            input,
            i,
          );
        }
        bytes.push(high * 16 + low);
        i += 3;
      }
      try {
        decoded += utf8Decoder.decode(Uint8Array.from(bytes));
      } catch {
        throw new InvalidEncodingError(
          `The escapes "${input.slice(runStart, i)}" at index ${runStart} are not valid UTF-8.`,
          input,
          runStart,
        );
      }
    } else {
      decoded += input[i];
      i += 1;
    }
  }
  return decoded;
}

/** Encodes each `/`-separated segment, so `/` stays a separator: `my dir/a+b` → `my+dir/a%2Bb`. */
export function encodeArtifactPath(path: string): string {
  if (ASCII.test(path)) return path.replace(ESCAPED_IN_PATH, escapeAscii);
  return path.split('/').map(encodeJavaUrlComponent).join('/');
}

/**
 * Decodes each `/`-separated segment. A segment that decodes to something containing `/` (`%2F`)
 * is refused: a path component can never hold a separator, and accepting it would let `a%2F..%2Fb`
 * smuggle a `..` past the segment checks. Run `validateArtifactPath` on the result.
 */
export function decodeArtifactPath(encoded: string): string {
  const segments: string[] = [];
  let start = 0;
  for (;;) {
    const slash = encoded.indexOf('/', start);
    const end = slash === -1 ? encoded.length : slash;
    const segment = decodeRange(encoded, start, end);
    if (segment.includes('/')) {
      throw new InvalidEncodingError(
        `The path segment "${encoded.slice(start, end)}" at index ${start} decodes to a name containing "/"; a path segment cannot contain a separator.`,
        encoded,
        start,
      );
    }
    segments.push(segment);
    if (slash === -1) return segments.join('/');
    start = slash + 1;
  }
}
