/**
 * Where `proxy.ts` forwards a request for the API: the same path and query on `STOWAGE_API_URL`,
 * kept byte for byte. Nothing is decoded on the way, so a v2 project slug with escaped slashes
 * (`gh%2Facme%2Fapp`, which CircleCI's v2 reference allows) reaches the API as the client wrote it.
 */
export function apiForwardingTarget(pathname: string, search: string, apiUrl: string): URL {
  return new URL(`${pathname}${search}`, `${apiUrl}/`);
}
