import { artifactWorld } from '../artifact-world.spec-helper';
import { compareArtifacts, compareJobs, type CompareJobsInput } from './compare-jobs';

const digest = (c: string) => c.repeat(64);
const LATER = new Date('2027-01-01T00:00:00.000Z');

async function twoJobs() {
  const w = await artifactWorld();
  const file = (jobId: string, nodeIndex: number, path: string, size: number, sha: string, state: 'AVAILABLE' | 'PENDING' = 'AVAILABLE') =>
    w.seed.artifact({ jobId, nodeIndex, path, size, sha256: digest(sha), expiresAt: LATER, createdAt: new Date('2026-06-01T11:00:00.000Z'), availableAt: new Date('2026-06-01T11:00:00.000Z'), state });
  // Job 1 (the world's, SUCCESS on main) is the base; job 2 on a feature branch is compared.
  const head = await w.seed.job({ projectId: w.project.id, number: 2, status: 'RUNNING', branch: 'feature', name: 'build' });
  const base = w.job;
  await file(base.id, 0, 'dist/app.js', 100, 'a');
  await file(base.id, 0, 'dist/same.js', 50, 'b');
  await file(base.id, 0, 'dist/gone.js', 30, 'c');
  await file(base.id, 1, 'tests/moved.xml', 10, 'd');
  await file(head.id, 0, 'dist/app.js', 130, 'e');
  await file(head.id, 0, 'dist/same.js', 50, 'b');
  await file(head.id, 0, 'dist/new.js', 20, 'f');
  await file(head.id, 2, 'tests/moved.xml', 10, 'd');
  const input = (extra: Partial<CompareJobsInput> = {}): CompareJobsInput => ({ ref: w.ref, jobNumber: 2, base: 1, matchBy: 'container', statuses: ['added', 'removed', 'changed'], pageSize: 100, ...extra });
  return { ...w, head, base, file, input };
}

describe('compareJobs', () => {
  test('by container: added, removed, changed with sizes and deltas; unchanged counted; totals per container and overall', async () => {
    const w = await twoJobs();
    const result = await compareJobs(w.ctx, w.member, w.input());
    expect(result.items).toEqual([
      { nodeIndex: 0, path: 'dist/app.js', status: 'changed', baseSize: 100, size: 130, delta: 30 },
      { nodeIndex: 0, path: 'dist/gone.js', status: 'removed', baseSize: 30, size: null, delta: -30 },
      { nodeIndex: 0, path: 'dist/new.js', status: 'added', baseSize: null, size: 20, delta: 20 },
      { nodeIndex: 1, path: 'tests/moved.xml', status: 'removed', baseSize: 10, size: null, delta: -10 },
      { nodeIndex: 2, path: 'tests/moved.xml', status: 'added', baseSize: null, size: 10, delta: 10 },
    ]);
    expect(result.totals).toEqual({ added: 2, removed: 2, changed: 1, unchanged: 1, baseSize: 190, size: 210, delta: 20 });
    expect(result.containers).toEqual([
      { nodeIndex: 0, added: 1, removed: 1, changed: 1, unchanged: 1, baseSize: 180, size: 200, delta: 20 },
      { nodeIndex: 1, added: 0, removed: 1, changed: 0, unchanged: 0, baseSize: 10, size: 0, delta: -10 },
      { nodeIndex: 2, added: 1, removed: 0, changed: 0, unchanged: 0, baseSize: 0, size: 10, delta: 10 },
    ]);
    expect(result).toMatchObject({ pending: false, matchBy: 'container', job: { number: 2, pending: false }, base: { number: 1, status: 'success' }, next_page_token: null });
  });

  test('by path: a file moved between containers is unchanged; a path in several containers adds its sizes', async () => {
    const w = await twoJobs();
    await w.file(w.head.id, 3, 'dist/app.js', 5, 'g');
    const result = await compareJobs(w.ctx, w.member, w.input({ matchBy: 'path', statuses: ['added', 'removed', 'changed', 'unchanged'] }));
    expect(result.items).toEqual([
      { nodeIndex: null, path: 'dist/app.js', status: 'changed', baseSize: 100, size: 135, delta: 35 },
      { nodeIndex: null, path: 'dist/gone.js', status: 'removed', baseSize: 30, size: null, delta: -30 },
      { nodeIndex: null, path: 'dist/new.js', status: 'added', baseSize: null, size: 20, delta: 20 },
      { nodeIndex: null, path: 'dist/same.js', status: 'unchanged', baseSize: 50, size: 50, delta: 0 },
      { nodeIndex: null, path: 'tests/moved.xml', status: 'unchanged', baseSize: 10, size: 10, delta: 0 },
    ]);
    expect(result.totals).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 2, baseSize: 190, size: 215, delta: 25 });
    expect(result.containers).toEqual([]);
  });

  test('by path: the same digests spread differently over containers are unchanged', () => {
    const a = (nodeIndex: number, sha: string) => ({ nodeIndex, path: 'x', size: 1, sha256: digest(sha) });
    expect(compareArtifacts([a(0, 'a'), a(1, 'b')], [a(1, 'a'), a(0, 'b')], 'path').totals.unchanged).toBe(1);
    expect(compareArtifacts([a(0, 'a'), a(1, 'b')], [a(1, 'a'), a(0, 'a')], 'path').totals.changed).toBe(1);
  });

  test('filters by status and prefix (the totals follow the prefix), and pages by a signed keyset token with the totals on every page', async () => {
    const w = await twoJobs();
    expect((await compareJobs(w.ctx, w.member, w.input({ statuses: ['added'] }))).items.map((i) => i.path)).toEqual(['dist/new.js', 'tests/moved.xml']);
    const dist = await compareJobs(w.ctx, w.member, w.input({ prefix: 'dist/', statuses: ['unchanged'] }));
    expect(dist.items.map((i) => i.path)).toEqual(['dist/same.js']);
    expect(dist.totals).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 1, baseSize: 180, size: 200, delta: 20 });
    const all = await compareJobs(w.ctx, w.member, w.input());
    const pages = [];
    let token: string | undefined;
    do {
      const page = await compareJobs(w.ctx, w.member, w.input({ pageSize: 2, pageToken: token }));
      expect(page.totals).toEqual(all.totals);
      pages.push(...page.items);
      token = page.next_page_token ?? undefined;
    } while (token);
    expect(pages).toEqual(all.items);
    const first = await compareJobs(w.ctx, w.member, w.input({ pageSize: 2 }));
    // A token of one filter is refused by another.
    await expect(compareJobs(w.ctx, w.member, w.input({ pageSize: 2, pageToken: first.next_page_token!, statuses: ['added'] }))).rejects.toMatchObject({ kind: 'invalid_input' });
  });

  test('pending: either job with pending artifacts says so', async () => {
    const w = await twoJobs();
    await w.file(w.head.id, 0, 'dist/late.js', 1, 'h', 'PENDING');
    const result = await compareJobs(w.ctx, w.member, w.input());
    expect(result).toMatchObject({ pending: true, job: { pending: true }, base: { pending: false } });
    expect(result.items.map((i) => i.path)).not.toContain('dist/late.js');
  });

  test('default base: the newest successful job of the same name on the default branch, or the previous one there', async () => {
    const w = await twoJobs();
    await w.seed.job({ projectId: w.project.id, number: 3, status: 'FAILED', branch: 'main', name: 'build' });
    await w.seed.job({ projectId: w.project.id, number: 4, status: 'SUCCESS', branch: 'main', name: 'lint' });
    await w.seed.job({ projectId: w.project.id, number: 5, status: 'SUCCESS', branch: 'main', name: 'build' });
    await w.seed.job({ projectId: w.project.id, number: 6, status: 'SUCCESS', branch: 'main', name: 'build' });
    expect((await compareJobs(w.ctx, w.member, w.input({ base: undefined }))).base.number).toBe(6);
    expect((await compareJobs(w.ctx, w.member, w.input({ jobNumber: 6, base: undefined }))).base.number).toBe(5);
    expect((await compareJobs(w.ctx, w.member, w.input({ jobNumber: 5, base: undefined }))).base.number).toBe(1);
    await expect(compareJobs(w.ctx, w.member, w.input({ jobNumber: 1, base: undefined }))).rejects.toMatchObject({ kind: 'not_found' });
  });

  test('access: an outsider learns nothing; a base that is not a job of the project is not found', async () => {
    const w = await twoJobs();
    await expect(compareJobs(w.ctx, w.outsider, w.input())).rejects.toMatchObject({ kind: 'not_found' });
    await expect(compareJobs(w.ctx, w.member, w.input({ base: 99 }))).rejects.toMatchObject({ kind: 'not_found' });
  });
});
