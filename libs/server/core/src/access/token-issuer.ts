import type { ProjectTokenScope } from '@stowage/contracts';
import { tokenScopeRecordOf, type ApiTokenRecord } from '@stowage/domain';
import type { TokenRepository } from '@stowage/server-db';
import { generateSecret, hashSecret, secretPrefix } from './secret';

export type TokenToIssue = { userId: string; name: string } & ({ kind: 'personal' } | { kind: 'project'; projectId: string; scope: ProjectTokenScope });

/** Creates a token and returns its secret, the only time anyone sees it: only the secret's SHA-256 is kept. */
export async function issueToken(tokens: TokenRepository, input: TokenToIssue): Promise<{ token: ApiTokenRecord; secret: string }> {
  const secret = generateSecret('stw');
  const token = await tokens.create({
    kind: input.kind === 'personal' ? 'PERSONAL' : 'PROJECT',
    scope: tokenScopeRecordOf(input.kind === 'personal' ? 'all' : input.scope),
    name: input.name,
    secretHash: hashSecret(secret),
    prefix: secretPrefix(secret),
    userId: input.userId,
    projectId: input.kind === 'project' ? input.projectId : null,
  });
  return { token, secret };
}
