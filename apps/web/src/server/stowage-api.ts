import 'server-only';
import { cache } from 'react';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { ApiError, createApiClient, type ApiClient, type RouteResponse } from '@stowage/api-client';
import { parseWebEnv } from '../config/web-env';
import { findCookiePair, SESSION_COOKIE } from './session-cookie';

let baseUrl: string | undefined;
/** Where the API lives, from `STOWAGE_API_URL`, validated on first use. */
export function apiBaseUrl(): string {
  baseUrl ??= parseWebEnv().STOWAGE_API_URL;
  return baseUrl;
}

// Pages show the API's current state: never serve a cached answer to another visitor.
const uncachedFetch: typeof fetch = (input, init) => fetch(input, { ...init, cache: 'no-store' });

/** An API client for this request, carrying the visitor's session cookie when there is one. */
export const getApi = cache(async (): Promise<ApiClient> => {
  const session = findCookiePair((await headers()).get('cookie'), SESSION_COOKIE);
  return createApiClient({ baseUrl: apiBaseUrl(), fetch: uncachedFetch, headers: session ? { cookie: session } : undefined });
});

/** An API client without the visitor's cookie, for signing in. */
export function createAnonymousApi(fetchImpl: typeof fetch = uncachedFetch): ApiClient {
  return createApiClient({ baseUrl: apiBaseUrl(), fetch: fetchImpl });
}

export type Me = RouteResponse<'me'>;
export type Viewer = { status: 'signed-in'; me: Me } | { status: 'anonymous' } | { status: 'unavailable'; message: string };

/** Who is looking: a 401 from `me` means an anonymous visitor, who may still see public projects. */
export const getViewer = cache(async (): Promise<Viewer> => {
  const api = await getApi();
  try {
    return { status: 'signed-in', me: await api.call('me') };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return { status: 'anonymous' };
    return { status: 'unavailable', message: describeApiFailure(error) };
  }
});

/**
 * Unknown, invalid and private resources all look alike to a visitor: Next's not-found page.
 * Anything else (the API down, a 500) goes to the error boundary.
 */
export async function orNotFound<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof ApiError && [400, 401, 403, 404].includes(error.status)) notFound();
    throw error;
  }
}

/** A sentence for people, from whatever an API call threw. */
export function describeApiFailure(error: unknown): string {
  if (error instanceof ApiError) return error.body.message || `The API answered ${error.status}.`;
  return 'The Stowage API could not be reached.';
}
