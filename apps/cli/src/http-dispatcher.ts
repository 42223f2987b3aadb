import { EnvHttpProxyAgent, fetch as undiciFetch, type Agent, type Dispatcher } from 'undici';

/**
 * The proxy a CI runner's environment asks for. Node's own fetch ignores these variables, so the
 * CLI's requests (API calls and part uploads alike) go through undici's EnvHttpProxyAgent, given
 * the values explicitly: read from the CLI's environment (tests pass their own), never from
 * `process.env` behind its back.
 */
export interface ProxySettings {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
}

/**
 * curl's and undici's convention: the lowercase name wins over the uppercase one; an unset or empty
 * value means no proxy. (`HTTPS_PROXY` alone applies to https:// URLs only; `HTTP_PROXY` to both.)
 */
export function proxySettingsFromEnv(env: Record<string, string | undefined>): ProxySettings {
  const read = (name: string) => env[name.toLowerCase()] || env[name] || '';
  return { httpProxy: read('HTTP_PROXY'), httpsProxy: read('HTTPS_PROXY'), noProxy: read('NO_PROXY') };
}

/** A keep-alive dispatcher that sends each request through the proxy its URL calls for, if any. */
export function createHttpDispatcher(proxy: ProxySettings | undefined, options: Agent.Options = {}): Dispatcher {
  return new EnvHttpProxyAgent({
    ...options,
    // Empty strings, not undefined: undefined would make undici fall back to process.env.
    ...(proxy ?? { httpProxy: '', httpsProxy: '', noProxy: '' }),
    // An http:// URL goes to the proxy as an absolute-URI request, as curl sends it: proxies
    // commonly allow CONNECT (undici's default for every URL) only to port 443. https:// URLs
    // are tunnelled with CONNECT whatever this says.
    proxyTunnel: false,
  });
}

/** A fetch for the API client that goes through `dispatcher` (undici's fetch: the global one cannot take it). */
export function fetchThrough(dispatcher: Dispatcher): typeof fetch {
  return ((input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(input, { ...init, dispatcher })) as unknown as typeof fetch;
}
