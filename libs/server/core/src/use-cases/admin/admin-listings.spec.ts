import { hashSecret } from '../../access/secret';
import { directoryWorld } from '../directory.spec-helper';
import { issuePersonalToken } from './issue-personal-token';
import { listAllOrganizations } from './list-all-organizations';
import { listAllProjects } from './list-all-projects';
import { listUserTokens } from './list-user-tokens';
import { listUsers } from './list-users';

describe('the admin command\'s listings and personal tokens (admin, no principal)', () => {
  test('lists every organization and every project of one, private ones included', async () => {
    const { ctx } = await directoryWorld();
    expect((await listAllOrganizations(ctx)).map((o) => o.slug)).toEqual(['acme', 'other']);
    expect((await listAllProjects(ctx, { organization: 'acme' })).map((p) => [p.name, p.isPrivate])).toEqual([
      ['app', true],
      ['lib', false],
    ]);
    await expect(listAllProjects(ctx, { organization: 'missing' })).rejects.toMatchObject({ kind: 'not_found' });
  });

  test('lists users without their password hashes', async () => {
    const { ctx } = await directoryWorld();
    const users = await listUsers(ctx);
    expect(users.map((u) => u.email)).toEqual(expect.arrayContaining(['ada@acme.test', 'max@acme.test', 'olga@other.test']));
    for (const user of users) expect(Object.keys(user).sort()).toEqual(['email', 'id', 'name']);
  });

  test('issues a personal token by the user\'s email (any case), shows its secret once and keeps only its hash', async () => {
    const { ctx, tables } = await directoryWorld();
    const issued = await issuePersonalToken(ctx, { email: 'ADA@acme.test', name: 'laptop' });
    expect(issued.secret).toMatch(/^stw_/);
    const stored = tables.tokens.find((t) => t.id === issued.id)!;
    expect(stored.secretHash).toBe(hashSecret(issued.secret));
    const listed = await listUserTokens(ctx, { email: 'ada@acme.test' });
    expect(listed.map((t) => t.name)).toContain('laptop');
    for (const token of listed) expect(JSON.stringify(token)).not.toContain(issued.secret);
    await expect(issuePersonalToken(ctx, { email: 'nobody@acme.test', name: 'x' })).rejects.toMatchObject({ kind: 'not_found' });
  });
});
