import { uploadFiles } from '@stowage/testing';
import { call, nextJobNumber, startApi, type ApiHarness } from '../test/api-harness';

/** GET .../jobs/:n/compare: what the Compare view and `stowage compare` read. */
describe('comparing jobs', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ storage: 'filesystem' });
  });
  afterAll(async () => {
    await api?.stop();
  });

  const project = () => api.world.slugs.private;
  const comparePath = (jobNumber: number, query = '') => `/api/stowage/v1/projects/${project()}/jobs/${jobNumber}/compare${query}`;
  const store = async (jobNumber: number, name: string, branch: string, files: Array<{ path: string; content: string }>, complete = true) => {
    await uploadFiles({ baseUrl: api.baseUrl, token: api.world.tokens.privateUpload, project: project(), jobNumber, job: { name, branch }, files, complete });
    if (complete) await api.drain();
  };
  const finish = (jobNumber: number) =>
    call(api.baseUrl, 'PUT', `/api/stowage/v1/projects/${project()}/jobs/${jobNumber}`, { token: api.world.tokens.privateUpload, body: { status: 'success' } });

  test('against the newest successful job of the same name on main by default; readers may, outsiders learn nothing', async () => {
    const name = `build-${nextJobNumber()}`;
    const base = nextJobNumber();
    await store(base, name, 'main', [
      { path: 'dist/app.js', content: 'a'.repeat(100) },
      { path: 'dist/same.js', content: 'same' },
      { path: 'dist/gone.js', content: 'gone' },
    ]);
    expect((await finish(base)).status).toBe(200);
    const head = nextJobNumber();
    await store(head, name, 'feature', [
      { path: 'dist/app.js', content: 'b'.repeat(130) },
      { path: 'dist/same.js', content: 'same' },
      { path: 'dist/new.js', content: 'new' },
    ]);

    const compared = await call(api.baseUrl, 'GET', comparePath(head), { token: api.world.tokens.privateRead });
    expect(compared.status).toBe(200);
    expect(compared.body).toMatchObject({
      job: { number: head, pending: false },
      base: { number: base, status: 'success', pending: false },
      matchBy: 'container',
      pending: false,
      totals: { added: 1, removed: 1, changed: 1, unchanged: 1, baseSize: 108, size: 137, delta: 29 },
      next_page_token: null,
    });
    expect(compared.body.items).toEqual([
      { nodeIndex: 0, path: 'dist/app.js', status: 'changed', baseSize: 100, size: 130, delta: 30 },
      { nodeIndex: 0, path: 'dist/gone.js', status: 'removed', baseSize: 4, size: null, delta: -4 },
      { nodeIndex: 0, path: 'dist/new.js', status: 'added', baseSize: null, size: 3, delta: 3 },
    ]);
    const paged = await call(api.baseUrl, 'GET', comparePath(head, `?base=${base}&matchBy=path&status=changed,added&page-size=1`), { token: api.world.tokens.member });
    expect(paged.body.items).toEqual([{ nodeIndex: null, path: 'dist/app.js', status: 'changed', baseSize: 100, size: 130, delta: 30 }]);
    const next = await call(api.baseUrl, 'GET', comparePath(head, `?base=${base}&matchBy=path&status=changed,added&page-size=1&page-token=${paged.body.next_page_token}`), { token: api.world.tokens.member });
    expect(next.body.items.map((i: { path: string }) => i.path)).toEqual(['dist/new.js']);
    expect(next.body.totals).toEqual(paged.body.totals);

    expect((await call(api.baseUrl, 'GET', comparePath(head), { token: api.world.tokens.outsider })).status).toBe(404);
    expect((await call(api.baseUrl, 'GET', comparePath(head), {})).status).toBe(404);
  });

  test('pending artifacts in either job are reported; bad options are 400s; no base to be found is a 404', async () => {
    const name = `test-${nextJobNumber()}`;
    const base = nextJobNumber();
    await store(base, name, 'main', [{ path: 'report.xml', content: 'ok' }]);
    const head = nextJobNumber();
    await store(head, name, 'main', [{ path: 'report.xml', content: 'ok' }], false);
    const compared = await call(api.baseUrl, 'GET', comparePath(head, `?base=${base}`), { token: api.world.tokens.member });
    expect(compared.status).toBe(200);
    expect(compared.body).toMatchObject({ pending: true, job: { pending: true }, base: { pending: false }, totals: { removed: 1 } });

    expect((await call(api.baseUrl, 'GET', comparePath(head, '?matchBy=folder'), { token: api.world.tokens.member })).status).toBe(400);
    expect((await call(api.baseUrl, 'GET', comparePath(head, '?status=moved'), { token: api.world.tokens.member })).status).toBe(400);
    expect((await call(api.baseUrl, 'GET', comparePath(head, `?base=${base}&page-token=forged.xxxxxxxxxxxxxxxxxxxxxx`), { token: api.world.tokens.member })).status).toBe(400);
    // The base job never succeeded: nothing to compare with by default.
    const missing = await call(api.baseUrl, 'GET', comparePath(head), { token: api.world.tokens.member });
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('base=');
  });
});
