import type { Readable } from 'node:stream';

export interface BodyErrorGuard {
  /** Stops listening and returns the body for pipeline(), or throws the error it already had. */
  handOver(): Readable;
  /** Stops listening (idempotent), for paths that never reach the pipeline. */
  release(): void;
}

/**
 * The body may fail (client gone) while we still await our own preparations, before pipeline()
 * listens; with no listener that 'error' event would crash the process. Hold it until hand-over.
 */
export function guardBodyErrors(body: Readable): BodyErrorGuard {
  let failure: { error: unknown } | undefined;
  const listener = (error: unknown) => {
    failure ??= { error };
  };
  body.on('error', listener);
  const release = () => {
    body.off('error', listener);
  };
  return {
    release,
    handOver: () => {
      release();
      if (failure) throw failure.error;
      return body;
    },
  };
}
