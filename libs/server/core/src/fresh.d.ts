// fresh 2 ships no types: express's own conditional-request check (request.fresh).
declare module 'fresh' {
  function fresh(requestHeaders: Record<string, string | string[] | undefined>, responseHeaders: Record<string, string | undefined>): boolean;
  export = fresh;
}
