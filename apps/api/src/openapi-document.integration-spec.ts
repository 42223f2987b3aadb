import fs from 'node:fs';
import path from 'node:path';
import { call, startApi, type ApiHarness } from '../test/api-harness';

/**
 * The OpenAPI document is a contract with every client: it is committed (apps/api/openapi.json) and
 * must not change by accident. After a deliberate change, write the new one with
 * `UPDATE_OPENAPI=1 npx jest -c apps/api/jest.integration.cjs openapi-document` and commit it.
 */
const committed = path.join(__dirname, '../openapi.json');

describe('the OpenAPI document', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ storage: 'filesystem', runner: false });
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('is the committed one', async () => {
    const served = await call(api.baseUrl, 'GET', '/api/docs/openapi.json');
    expect(served.status).toBe(200);
    if (process.env.UPDATE_OPENAPI === '1') fs.writeFileSync(committed, `${JSON.stringify(served.body, null, 2)}\n`);
    expect(served.body).toEqual(JSON.parse(fs.readFileSync(committed, 'utf8')));
  });
});
