/** A use case: a plain function of the context it needs and its inputs (the caller's Principal first, where it has one). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyUseCase<Ctx> = (ctx: Ctx, ...args: any[]) => unknown;

export type BoundUseCases<T> = {
  [K in keyof T]: T[K] extends (ctx: never, ...args: infer A) => infer R ? (...args: A) => R : never;
};

/** The platform's use cases with the context applied, so an entry point calls `useCases.downloadArtifact(principal, input)`. */
export function bindUseCases<Ctx, T extends Record<string, AnyUseCase<Ctx>>>(ctx: Ctx, useCases: T): BoundUseCases<T> {
  return Object.fromEntries(Object.entries(useCases).map(([name, useCase]) => [name, (...args: unknown[]) => useCase(ctx, ...args)])) as BoundUseCases<T>;
}
