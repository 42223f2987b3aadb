import type { z } from 'zod';
import { ErrorResponseSchema, routes, type ErrorResponse, type RouteDefinition, type Routes } from '@stowage/contracts';

/** `/a/:b/c/:d` → `'b' | 'd'`, so a route's path parameters are checked at compile time. */
type PathParams<P extends string> = P extends `${string}:${infer Param}/${infer Rest}`
  ? Param | PathParams<`/${Rest}`>
  : P extends `${string}:${infer Param}`
    ? Param
    : never;

type Input<R extends RouteDefinition> = ([PathParams<R['path']>] extends [never]
  ? { params?: undefined }
  : { params: Record<PathParams<R['path']>, string | number> }) &
  (R['query'] extends z.ZodType ? { query?: z.input<R['query']> } : { query?: undefined }) &
  (R['body'] extends z.ZodType ? { body: z.input<R['body']> } : { body?: undefined });

export type RouteResponse<N extends keyof Routes> = z.infer<Routes[N]['response']>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorResponse,
  ) {
    super(`${status} ${body.error}: ${body.message}`);
    this.name = 'ApiError';
  }
}

export interface ApiClientOptions {
  baseUrl: string;
  /** An API token, sent as CircleCI clients do (`Circle-Token`). */
  token?: string;
  /** Extra headers on every request (a session cookie forwarded by the web app's server). */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

export function buildPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(value));
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** One client for the web app, the CLI and tests: requests and responses typed by `@stowage/contracts`. */
export function createApiClient(options: ApiClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');

  async function call<N extends keyof Routes>(name: N, input: Input<Routes[N]> = {} as Input<Routes[N]>): Promise<RouteResponse<N>> {
    const route: RouteDefinition = routes[name];
    const url = new URL(baseUrl + buildPath(route.path, input.params as Record<string, string | number> | undefined));
    for (const [key, value] of Object.entries((input.query ?? {}) as Record<string, unknown>)) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.token) headers['circle-token'] = options.token;
    if (input.body !== undefined) headers['content-type'] = 'application/json';
    const response = await doFetch(url, {
      method: route.method,
      headers,
      body: input.body === undefined ? undefined : JSON.stringify(input.body),
    });
    if (response.status === 204) return undefined as RouteResponse<N>;
    const text = await response.text();
    if (!response.ok) {
      // A proxy in front of the API may answer in HTML: keep the status (a 502 stays retryable).
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      const parsed = ErrorResponseSchema.safeParse(body);
      throw new ApiError(
        response.status,
        parsed.success ? parsed.data : { statusCode: response.status, error: 'http_error', message: text.slice(0, 500) },
      );
    }
    return (text ? JSON.parse(text) : undefined) as RouteResponse<N>;
  }

  return { call, baseUrl };
}
