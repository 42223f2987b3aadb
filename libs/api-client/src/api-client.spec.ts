import { ApiError, buildPath, createApiClient } from './api-client';

describe('buildPath', () => {
  it('substitutes each :param, percent-encoding its value', () => {
    expect(buildPath('/projects/:vcs/:org/:project/jobs/:jobNumber', { vcs: 'gh', org: 'a b', project: 'x/y?z#', jobNumber: 7 })).toBe(
      '/projects/gh/a%20b/x%2Fy%3Fz%23/jobs/7',
    );
  });

  it('keeps a value containing "/" inside its own segment, so it cannot walk out of the path', () => {
    expect(buildPath('/a/:org/b', { org: '../..' })).toBe('/a/..%2F../b');
  });

  it('leaves a path without parameters as it is', () => {
    expect(buildPath('/health/live')).toBe('/health/live');
  });

  it('throws naming the missing parameter and the path', () => {
    expect(() => buildPath('/organizations/:org/members/:userId', { org: 'acme' })).toThrow(
      'missing path parameter "userId" for /organizations/:org/members/:userId',
    );
  });

  it('accepts 0 as a value rather than treating it as missing', () => {
    expect(buildPath('/n/:nodeIndex', { nodeIndex: 0 })).toBe('/n/0');
  });
});

interface Recorded {
  url: string;
  method?: string;
  headers: Record<string, string>;
  body?: string;
}

/** A fetch that records each request and answers with the next scripted response. */
function fakeFetch(...responses: Array<() => Response>) {
  const requests: Recorded[] = [];
  const fetchImpl = (async (input: URL | string, init: RequestInit = {}) => {
    requests.push({
      url: String(input),
      method: init.method,
      headers: { ...(init.headers as Record<string, string>) },
      body: init.body === undefined ? undefined : String(init.body),
    });
    const next = responses.shift();
    if (!next) throw new Error('no scripted response left');
    return next();
  }) as typeof fetch;
  return { fetchImpl, requests };
}

const json = (status: number, body: unknown) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const SHA = '0'.repeat(64);

describe('createApiClient', () => {
  it('sends the token as circle-token, and a JSON body with its content type, to the route’s method and path', async () => {
    const response = { jobId: '11111111-1111-4111-8111-111111111111', uploads: [] };
    const { fetchImpl, requests } = fakeFetch(json(200, response));
    const client = createApiClient({ baseUrl: 'https://stowage.example/', token: 'stw_secret', fetch: fetchImpl });
    const body = { project: 'gh/acme/app', jobNumber: 3, files: [{ path: 'a.txt', size: 1, sha256: SHA, fileMode: 0o644 }] };

    await expect(client.call('createUploads', { body })).resolves.toEqual(response);

    expect(requests).toEqual([
      {
        url: 'https://stowage.example/api/stowage/v1/uploads',
        method: 'POST',
        headers: { accept: 'application/json', 'circle-token': 'stw_secret', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
    ]);
  });

  it('sends no circle-token and no content type for a GET without a token, but does send extra headers', async () => {
    const { fetchImpl, requests } = fakeFetch(json(200, { status: 'ok' }));
    const client = createApiClient({ baseUrl: 'http://localhost:3000', headers: { cookie: 'stowage_session=abc' }, fetch: fetchImpl });
    await client.call('liveness');
    expect(requests[0]).toEqual({
      url: 'http://localhost:3000/health/live',
      method: 'GET',
      headers: { accept: 'application/json', cookie: 'stowage_session=abc' },
      body: undefined,
    });
  });

  it('fills path parameters and sets defined query parameters, skipping undefined ones', async () => {
    const { fetchImpl, requests } = fakeFetch(json(200, { items: [], next_page_token: null }));
    const client = createApiClient({ baseUrl: 'https://stowage.example', fetch: fetchImpl });
    await client.call('listJobs', {
      params: { vcs: 'gh', org: 'acme', project: 'my app', jobNumber: 1 } as never,
      query: { branch: 'feature/x & y', status: undefined, 'page-token': 'abc.def' },
    });
    const url = new URL(requests[0].url);
    expect(url.pathname).toBe('/api/stowage/v1/projects/gh/acme/my%20app/jobs');
    expect([...url.searchParams]).toEqual([
      ['branch', 'feature/x & y'],
      ['page-token', 'abc.def'],
    ]);
  });

  it('turns a JSON error body into an ApiError carrying the status and the body', async () => {
    const errorBody = { statusCode: 404, error: 'not_found', message: 'project acme/app not found', requestId: 'req-1' };
    const { fetchImpl } = fakeFetch(json(404, errorBody));
    const client = createApiClient({ baseUrl: 'https://stowage.example', fetch: fetchImpl });

    const error = await client.call('getProject', { params: { vcs: 'gh', org: 'acme', project: 'app' } }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect((error as ApiError).body).toEqual(errorBody);
    expect((error as ApiError).message).toBe('404 not_found: project acme/app not found');
  });

  it('keeps the validation details of a 400 error body', async () => {
    const errorBody = { statusCode: 400, error: 'invalid_input', message: 'invalid artifact path', details: [{ path: 'files.0.path', message: 'bad' }] };
    const { fetchImpl } = fakeFetch(json(400, errorBody));
    const client = createApiClient({ baseUrl: 'https://stowage.example', fetch: fetchImpl });
    const error = (await client.call('me').catch((e: unknown) => e)) as ApiError;
    expect(error.body.details).toEqual([{ path: 'files.0.path', message: 'bad' }]);
  });

  it('turns an error whose body is JSON of another shape into an http_error ApiError', async () => {
    const { fetchImpl } = fakeFetch(json(500, { oops: true }));
    const client = createApiClient({ baseUrl: 'https://stowage.example', fetch: fetchImpl });
    const error = (await client.call('me').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(500);
    expect(error.body).toEqual({ statusCode: 500, error: 'http_error', message: '{"oops":true}' });
  });

  it('turns an error whose body is not JSON (a proxy’s HTML page) into an http_error ApiError', async () => {
    const page = '<html><body>502 Bad Gateway</body></html>';
    const { fetchImpl } = fakeFetch(() => new Response(page, { status: 502, headers: { 'content-type': 'text/html' } }));
    const client = createApiClient({ baseUrl: 'https://stowage.example', fetch: fetchImpl });
    const error = (await client.call('me').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(502);
    expect(error.body).toEqual({ statusCode: 502, error: 'http_error', message: page });
  });

  it('turns an error with an empty body into an http_error ApiError', async () => {
    const { fetchImpl } = fakeFetch(() => new Response('', { status: 503 }));
    const client = createApiClient({ baseUrl: 'https://stowage.example', fetch: fetchImpl });
    const error = (await client.call('me').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.body).toEqual({ statusCode: 503, error: 'http_error', message: '' });
  });

  it('resolves a 204 to undefined without reading the body', async () => {
    const response = new Response(null, { status: 204 });
    const text = jest.spyOn(response, 'text');
    const { fetchImpl, requests } = fakeFetch(() => response);
    const client = createApiClient({ baseUrl: 'https://stowage.example', token: 't', fetch: fetchImpl });
    await expect(client.call('deleteArtifact', { params: { artifactId: 'a1' } })).resolves.toBeUndefined();
    expect(requests[0]).toMatchObject({ method: 'DELETE', url: 'https://stowage.example/api/stowage/v1/artifacts/a1' });
    expect(text).not.toHaveBeenCalled();
  });

  it('exposes the base URL without trailing slashes', () => {
    expect(createApiClient({ baseUrl: 'https://stowage.example///', fetch: fakeFetch().fetchImpl }).baseUrl).toBe('https://stowage.example');
  });
});
