/** The API's httpOnly session cookie; this app relays it but never reads what is inside. */
export const SESSION_COOKIE = 'stowage_session';

/**
 * The `name=value` pair of one cookie from a `Cookie` request header, exactly as the browser sent
 * it (no decoding), so the API receives the same bytes it would through the `/api` rewrite.
 */
export function findCookiePair(cookieHeader: string | null | undefined, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const pair = part.trim();
    if (pair.startsWith(`${name}=`) && pair.length > name.length + 1) return pair;
  }
  return null;
}
