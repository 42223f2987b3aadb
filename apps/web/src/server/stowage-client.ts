import type { z } from 'zod';
import { createApiClient, type ApiClientOptions, type RouteResponse } from '@stowage/api-client';
import type { RouteName, Routes } from '@stowage/contracts';

type QueryInput<R> = R extends { query: infer Q extends z.ZodType } ? { query?: z.input<Q> } : { query?: undefined };
type BodyInput<R> = R extends { body: infer B extends z.ZodType } ? { body: z.input<B> } : { body?: undefined };
export type CallInput<N extends RouteName> = { params?: Record<string, string | number> } & QueryInput<Routes[N]> & BodyInput<Routes[N]>;

export interface StowageClient {
  baseUrl: string;
  call<N extends RouteName>(name: N, input?: CallInput<N>): Promise<RouteResponse<N>>;
}

/**
 * `createApiClient` with path parameters typed loosely. The route table builds Stowage paths with
 * a helper typed `(path: string) => string`, so the client cannot see their `:params` and rejects
 * any; queries, bodies and responses stay typed from the contracts. Once the route paths keep
 * their literal types this wrapper can go, and callers keep working unchanged.
 */
export function createStowageClient(options: ApiClientOptions): StowageClient {
  const client = createApiClient(options);
  return {
    baseUrl: client.baseUrl,
    call: (name, input) => client.call(name, (input ?? {}) as never),
  };
}
