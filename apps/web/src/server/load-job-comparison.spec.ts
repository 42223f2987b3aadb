import { ApiError, type ApiClient } from '@stowage/api-client';
import type { ComparedFile, JobComparison } from '@stowage/contracts';
import { loadJobComparison } from './load-job-comparison';

// The guard that keeps this module out of client bundles; jest is neither.
jest.mock('server-only', () => ({}), { virtual: true });

const route = { org: 'demo', vcs: 'github', project: 'app' } as const;
const job = { number: 7, name: 'build', branch: 'main', status: 'success', pending: false } as const;
const totals = { added: 1, removed: 0, changed: 1, unchanged: 5, baseSize: 10, size: 20, delta: 10 };
const file = (path: string): ComparedFile => ({ path, nodeIndex: 0, status: 'changed', baseSize: 5, size: 10, delta: 5 });
const page = (items: ComparedFile[], next: string | null): JobComparison => ({
  job,
  base: { ...job, number: 6 },
  matchBy: 'container',
  pending: false,
  totals,
  containers: [{ nodeIndex: 0, ...totals }],
  items,
  next_page_token: next,
});

function fakeApi(answers: Array<JobComparison | Error>) {
  const queries: unknown[] = [];
  const api = {
    call: jest.fn(async (_name: string, input: { query: unknown }) => {
      queries.push(input.query);
      const answer = answers.shift()!;
      if (answer instanceof Error) throw answer;
      return answer;
    }),
  } as unknown as ApiClient;
  return { api, queries };
}

describe('loadJobComparison', () => {
  it('follows the page tokens to the end and keeps every listed file', async () => {
    const { api, queries } = fakeApi([page([file('a')], 'next-1'), page([file('b')], null)]);
    const loaded = await loadJobComparison(api, route, 7, { base: 6, matchBy: 'container' });
    expect(loaded.status).toBe('compared');
    if (loaded.status !== 'compared') return;
    expect(loaded.comparison.items.map((f) => f.path)).toEqual(['a', 'b']);
    expect(loaded.comparison.next_page_token).toBeNull();
    expect(queries).toEqual([
      expect.objectContaining({ base: 6, matchBy: 'container', status: 'added,removed,changed', 'page-token': undefined }),
      expect.objectContaining({ 'page-token': 'next-1' }),
    ]);
  });

  it('reads a 404 as "no base", with the API\'s reason', async () => {
    const { api } = fakeApi([new ApiError(404, { statusCode: 404, error: 'not_found', message: 'a successful job named build on main to compare with' })]);
    await expect(loadJobComparison(api, route, 7, { matchBy: 'path' })).resolves.toEqual({
      status: 'no-base',
      message: 'a successful job named build on main to compare with',
    });
  });

  it('lets any other failure reach the error page', async () => {
    const { api } = fakeApi([new ApiError(500, { statusCode: 500, error: 'internal', message: 'boom' })]);
    await expect(loadJobComparison(api, route, 7, { matchBy: 'container' })).rejects.toThrow('boom');
  });
});
