import { directoryWorld } from '../directory.spec-helper';
import { grantMembership } from './grant-membership';
import { issueProjectToken } from './issue-project-token';
import { provisionProject } from './provision-project';
import { revokeUserToken } from './revoke-user-token';

describe('admin use cases naming users by email and organizations by slug', () => {
  test('grants a membership and changes its role', async () => {
    const { ctx } = await directoryWorld();
    expect(await grantMembership(ctx, { organization: 'acme', email: 'OLGA@other.test', role: 'member' })).toEqual({ organization: 'acme', email: 'olga@other.test', role: 'member' });
    expect((await grantMembership(ctx, { organization: 'acme', email: 'olga@other.test', role: 'admin' })).role).toBe('admin');
    await expect(grantMembership(ctx, { organization: 'nope', email: 'olga@other.test', role: 'admin' })).rejects.toMatchObject({ kind: 'not_found', message: 'organization nope not found' });
  });

  test('provisions a project and a token for it, revocable by its owner', async () => {
    const { ctx, tables } = await directoryWorld();
    expect((await provisionProject(ctx, { organization: 'acme', vcsType: 'github', name: 'web', isPrivate: false })).slug).toBe('gh/acme/web');
    const token = await issueProjectToken(ctx, { project: { vcsType: 'github', organization: 'acme', project: 'web' }, owner: 'ada@acme.test', name: 'ci', scope: 'read' });
    expect(token).toMatchObject({ project: 'gh/acme/web', scope: 'read' });
    await expect(issueProjectToken(ctx, { project: { vcsType: 'github', organization: 'acme', project: 'gone' }, owner: 'ada@acme.test', name: 'ci', scope: 'read' })).rejects.toMatchObject({
      message: 'project acme/github/gone not found',
    });
    await revokeUserToken(ctx, { email: 'ada@acme.test', tokenId: token.id });
    expect(tables.tokens[0].revokedAt).not.toBeNull();
    await expect(revokeUserToken(ctx, { email: 'max@acme.test', tokenId: token.id })).rejects.toMatchObject({ kind: 'not_found' });
  });
});
