/**
 * Where secrets travel in Stowage's HTTP traffic, listed once. Every log of the API, the worker and
 * the web app's server removes them, whatever line or field carries them (a request's URL, a
 * `Location`, an error's message or stack). A new carrier, such as a share link's `/s/:secret`
 * path, is added here and nowhere else.
 */
export interface SecretCarriers {
  /** Query parameters whose value is secret: names compared percent-decoded and case-insensitively. */
  queryParameters: readonly string[];
  /** Headers whose whole value is secret (lower case). */
  headers: readonly string[];
  /** Path prefixes (from the URL's root) whose next segment is secret, e.g. `/s/` for `/s/:secret`. */
  pathPrefixes: readonly string[];
  /** Property names whose value is secret wherever an object is logged (a sign-in body, a token row). */
  fields: readonly string[];
}

export const SECRET_CARRIERS: SecretCarriers = {
  queryParameters: [
    // CircleCI's token in the URL, as v1.1 clients send it.
    'circle-token',
    // The filesystem driver's HMAC-signed part URLs (libs/server/core/src/uploads/part-url-signer.ts).
    'signature',
    // S3 presigned URLs (SigV4): the signature, and the credential scope and session token beside it.
    'x-amz-signature',
    'x-amz-credential',
    'x-amz-security-token',
  ],
  headers: ['authorization', 'proxy-authorization', 'circle-token', 'cookie', 'set-cookie', 'x-amz-security-token'],
  // Share links (routes.ts: sharedListing, SHARED_FILE_PATH, SHARED_ARCHIVE_PATH).
  pathPrefixes: ['/s/'],
  fields: ['password', 'secret'],
};

export const REDACTED = '[redacted]';

// What can end a query value or a path segment inside a URL that sits in free text or a JSON line.
const VALUE = `[^&;#\\s"'<>\\\\]*`;

interface Patterns {
  pair: RegExp;
  userinfo: RegExp;
  path?: RegExp;
  names: Set<string>;
}
const compiled = new WeakMap<SecretCarriers, Patterns>();

function patternsOf(carriers: SecretCarriers): Patterns {
  let patterns = compiled.get(carriers);
  if (!patterns) {
    const prefixes = carriers.pathPrefixes.map((prefix) => prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
    patterns = {
      // `;` separates pairs for some parsers, and `#` starts a fragment that may hold pairs as well.
      pair: new RegExp(`([?&;#])([^=&;#?\\s"'<>\\\\]*)=(${VALUE})`, 'g'),
      // `scheme://user:password@host`: CircleCI's clients put the token where the user goes.
      userinfo: /([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s"'<>\\]*@/gi,
      // A prefix counts at a path's root: the start of the text, after a host, or after a quote or space.
      path: prefixes.length ? new RegExp(`(^|[\\s"'(<=]|//[^/\\s"'<>\\\\]*)(${prefixes.join('|')})([^/?#\\s"'<>\\\\]+)`, 'gi') : undefined,
      names: new Set(carriers.queryParameters.map((name) => name.toLowerCase())),
    };
    compiled.set(carriers, patterns);
  }
  return patterns;
}

/**
 * A query parameter's name as a server would read it: `+` is a space and escapes are decoded, again
 * while that changes anything (so `circle%2Dtoken` and `circle%252Dtoken` are both caught). Escape
 * by escape, so one malformed escape elsewhere in the name does not hide the rest.
 */
function decodedName(name: string): string {
  let decoded = name.replace(/\+/g, ' ');
  for (let round = 0; round < 3 && decoded.includes('%'); round++) {
    const next = decoded.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (next === decoded) break;
    decoded = next;
  }
  return decoded.trim().toLowerCase();
}

/**
 * The URL with every secret it carries replaced by `[redacted]`: the values of secret query
 * parameters (in the query and in the fragment, each time a name repeats), user info, and secret
 * path segments. Absolute, relative and malformed URLs alike: nothing is parsed that could throw,
 * and what is not secret is left byte for byte. Free text holding URLs (an error message, a stack,
 * a whole log line) is redacted the same way.
 */
export function redactUrl(text: string, carriers: SecretCarriers = SECRET_CARRIERS): string {
  const { pair, userinfo, path, names } = patternsOf(carriers);
  let redacted = text;
  if (redacted.includes('=')) {
    redacted = redacted.replace(pair, (match, separator: string, name: string, value: string) =>
      value && names.has(decodedName(name)) ? `${separator}${name}=${REDACTED}` : match,
    );
  }
  if (redacted.includes('@')) redacted = redacted.replace(userinfo, `$1${REDACTED}@`);
  if (path) redacted = redacted.replace(path, (_, before: string, prefix: string) => `${before}${prefix}${REDACTED}`);
  return redacted;
}

/** Headers with secret ones blanked and every URL in the others (`Location`, `Referer`) redacted. */
export function redactHeaders<T extends Record<string, unknown>>(headers: T, carriers: SecretCarriers = SECRET_CARRIERS): T {
  const redacted: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (carriers.headers.includes(name.toLowerCase())) redacted[name] = REDACTED;
    else if (typeof value === 'string') redacted[name] = redactUrl(value, carriers);
    else if (Array.isArray(value)) redacted[name] = value.map((item) => (typeof item === 'string' ? redactUrl(item, carriers) : item));
    else redacted[name] = value;
  }
  return redacted as T;
}

/** A parsed query (`{name: value}`) with the values of secret parameters blanked, however the name is spelt. */
export function redactQuery<T extends Record<string, unknown>>(query: T, carriers: SecretCarriers = SECRET_CARRIERS): T {
  const { names } = patternsOf(carriers);
  const redacted: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) redacted[name] = names.has(decodedName(name)) ? REDACTED : value;
  return redacted as T;
}
