import { call, nextJobNumber, startApi, type ApiHarness } from '../test/api-harness';
import { uploadFiles } from '@stowage/testing';

/** What `stowage job finish` sends: the job endpoint with a final status and no stoppedAt. */
describe('finishing a job', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ storage: 'filesystem' });
  });
  afterAll(async () => {
    await api?.stop();
  });

  const jobPath = (jobNumber: number) => `/api/stowage/v1/projects/${api.world.slugs.private}/jobs/${jobNumber}`;
  const finish = (jobNumber: number, token: string, body: unknown) => call(api.baseUrl, 'PUT', jobPath(jobNumber), { token, body });
  const view = async (jobNumber: number) => {
    const response = await call(api.baseUrl, 'GET', jobPath(jobNumber), { token: api.world.tokens.member });
    expect(response.status).toBe(200);
    return response.body;
  };

  test('a job created by an upload stops running: the status and the server time it stopped are recorded and shown', async () => {
    const jobNumber = nextJobNumber();
    await uploadFiles({ baseUrl: api.baseUrl, token: api.world.tokens.privateUpload, project: api.world.slugs.private, jobNumber, job: { name: 'build', branch: 'main' }, files: [{ path: 'a.txt', content: 'a' }] });
    expect(await view(jobNumber)).toMatchObject({ status: 'running', stoppedAt: null });

    api.clock.advance(90_000);
    const stoppedAt = api.clock.now().toISOString();
    const finished = await finish(jobNumber, api.world.tokens.privateUpload, { status: 'success', branch: 'main' });
    expect(finished.status).toBe(200);
    expect(finished.body).toMatchObject({ number: jobNumber, name: 'build', branch: 'main', status: 'success', stoppedAt });
    expect(await view(jobNumber)).toMatchObject({ status: 'success', stoppedAt });

    const listed = await call(api.baseUrl, 'GET', `/api/stowage/v1/projects/${api.world.slugs.private}/jobs?branch=main&status=success`, { token: api.world.tokens.member });
    expect(listed.body.items.map((job: { number: number }) => job.number)).toContain(jobNumber);
  });

  test('a job that stored no artifacts is created by finishing it; finishing again is harmless', async () => {
    const jobNumber = nextJobNumber();
    const first = await finish(jobNumber, api.world.tokens.privateUpload, { status: 'failed', name: 'lint', branch: 'main' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ number: jobNumber, name: 'lint', status: 'failed', stoppedAt: api.clock.now().toISOString() });
    const again = await finish(jobNumber, api.world.tokens.privateUpload, { status: 'failed', name: 'lint', branch: 'main' });
    expect(again.body).toEqual(first.body);
  });

  test('a read token may not set a status; an unknown status is a 400 naming the field', async () => {
    const jobNumber = nextJobNumber();
    const refused = await finish(jobNumber, api.world.tokens.privateRead, { status: 'success' });
    expect(refused.status).toBe(403);
    const invalid = await finish(jobNumber, api.world.tokens.privateUpload, { status: 'passed' });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('status');
    expect((await call(api.baseUrl, 'GET', jobPath(jobNumber), { token: api.world.tokens.member })).status).toBe(404);
  });
});
