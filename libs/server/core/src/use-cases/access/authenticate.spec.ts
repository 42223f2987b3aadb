import { ManualClock } from '@stowage/domain';
import { InMemoryAccessRepository, InMemoryDatabase, InMemoryRecordSeeder } from '@stowage/server-db/fakes';
import { hashSecret } from '../../access/secret';
import { authenticate } from './authenticate';

async function setup() {
  const tables = new InMemoryDatabase();
  const seed = new InMemoryRecordSeeder(tables);
  const clock = new ManualClock(new Date('2026-06-01T12:00:00.000Z'));
  const ctx = { access: new InMemoryAccessRepository(tables), clock };
  const user = await seed.user({ email: 'ada@acme.test', name: 'Ada' });
  return { tables, seed, clock, ctx, user };
}

describe('authenticate', () => {
  test('no credentials is the anonymous caller', async () => {
    const { ctx } = await setup();
    expect(await authenticate(ctx, {})).toEqual({ kind: 'anonymous' });
  });

  test('a personal token acts as its user', async () => {
    const { ctx, seed, user } = await setup();
    const token = await seed.token({ kind: 'PERSONAL', scope: 'ALL', secretHash: hashSecret('stw_secret'), userId: user.id });
    expect(await authenticate(ctx, { token: 'stw_secret' })).toEqual({ kind: 'user', userId: user.id, tokenId: token.id });
  });

  test('a project token acts on its project with its scope, never as its creator', async () => {
    const { ctx, seed, user } = await setup();
    const token = await seed.token({ kind: 'PROJECT', scope: 'UPLOAD', secretHash: hashSecret('stw_ci'), userId: user.id, projectId: 'p-1' });
    expect(await authenticate(ctx, { token: 'stw_ci' })).toEqual({ kind: 'project-token', projectId: 'p-1', scope: 'UPLOAD', tokenId: token.id, userId: user.id });
  });

  test.each(['READ', 'UPLOAD_READ'] as const)('a project token with scope %s keeps that scope', async (scope) => {
    const { ctx, seed, user } = await setup();
    const token = await seed.token({ kind: 'PROJECT', scope, secretHash: hashSecret('stw_ci'), userId: user.id, projectId: 'p-1' });
    expect(await authenticate(ctx, { token: 'stw_ci' })).toEqual({ kind: 'project-token', projectId: 'p-1', scope, tokenId: token.id, userId: user.id });
  });

  test('an unknown or revoked token is refused even where anonymous access would do', async () => {
    const { ctx, seed, user, clock } = await setup();
    await seed.token({ kind: 'PERSONAL', scope: 'ALL', secretHash: hashSecret('stw_old'), userId: user.id, revokedAt: clock.now() });
    await expect(authenticate(ctx, { token: 'stw_old' })).rejects.toMatchObject({ kind: 'unauthorized' });
    await expect(authenticate(ctx, { token: 'stw_unknown' })).rejects.toMatchObject({ kind: 'unauthorized' });
  });

  test('records a token\'s use at most once a minute', async () => {
    const { ctx, seed, user, clock, tables } = await setup();
    await seed.token({ kind: 'PERSONAL', scope: 'ALL', secretHash: hashSecret('stw_a'), userId: user.id });
    await authenticate(ctx, { token: 'stw_a' });
    const first = tables.tokens[0].lastUsedAt;
    expect(first).toEqual(clock.now());
    clock.advance(30_000);
    await authenticate(ctx, { token: 'stw_a' });
    expect(tables.tokens[0].lastUsedAt).toEqual(first);
    clock.advance(31_000);
    await authenticate(ctx, { token: 'stw_a' });
    expect(tables.tokens[0].lastUsedAt).toEqual(clock.now());
  });

  test('a live session is its user; an expired or unknown one is anonymous', async () => {
    const { ctx, seed, user, clock } = await setup();
    await seed.session({ secretHash: hashSecret('sess_live'), userId: user.id, expiresAt: new Date(clock.now().getTime() + 60_000) });
    expect(await authenticate(ctx, { sessionSecret: 'sess_live' })).toEqual({ kind: 'user', userId: user.id });
    clock.advance(61_000);
    expect(await authenticate(ctx, { sessionSecret: 'sess_live' })).toEqual({ kind: 'anonymous' });
    expect(await authenticate(ctx, { sessionSecret: 'sess_unknown' })).toEqual({ kind: 'anonymous' });
  });

  test('prefers the token over a session when both are sent', async () => {
    const { ctx, seed, user, clock } = await setup();
    await seed.token({ kind: 'PROJECT', scope: 'READ', secretHash: hashSecret('stw_ci'), userId: user.id, projectId: 'p-1' });
    await seed.session({ secretHash: hashSecret('sess_live'), userId: user.id, expiresAt: new Date(clock.now().getTime() + 60_000) });
    expect((await authenticate(ctx, { token: 'stw_ci', sessionSecret: 'sess_live' })).kind).toBe('project-token');
  });

  test('writes last use on first use, not again exactly a minute later, and not for a revoked token', async () => {
    const { ctx, seed, user, clock, tables } = await setup();
    await seed.token({ kind: 'PERSONAL', scope: 'ALL', secretHash: hashSecret('stw_a'), userId: user.id });
    await seed.token({ kind: 'PERSONAL', scope: 'ALL', secretHash: hashSecret('stw_gone'), userId: user.id, revokedAt: clock.now() });
    const first = clock.now();
    await authenticate(ctx, { token: 'stw_a' });
    clock.advance(60_000);
    await authenticate(ctx, { token: 'stw_a' });
    expect(tables.tokens[0].lastUsedAt).toEqual(first);
    await expect(authenticate(ctx, { token: 'stw_gone' })).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(tables.tokens[1].lastUsedAt).toBeNull();
  });

  test('caches nothing: refuses a token on the first request after it is revoked', async () => {
    const { ctx, seed, user, clock, tables } = await setup();
    await seed.token({ kind: 'PERSONAL', scope: 'ALL', secretHash: hashSecret('stw_b'), userId: user.id });
    await authenticate(ctx, { token: 'stw_b' });
    tables.tokens[0].revokedAt = clock.now();
    await expect(authenticate(ctx, { token: 'stw_b' })).rejects.toMatchObject({ kind: 'unauthorized' });
  });
});
