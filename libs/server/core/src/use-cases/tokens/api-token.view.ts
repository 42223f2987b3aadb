import { formatProjectSlug, type ApiToken } from '@stowage/contracts';
import { tokenScopeOf, vcsTypeOf, type ApiTokenRecord } from '@stowage/domain';

/** A token as listings show it: its prefix, never its secret; its project by slug. */
export function apiTokenView(token: ApiTokenRecord): ApiToken {
  return {
    id: token.id,
    kind: token.kind === 'PERSONAL' ? 'personal' : 'project',
    scope: tokenScopeOf(token.scope),
    name: token.name,
    prefix: token.prefix,
    project: token.project
      ? formatProjectSlug({ vcsType: vcsTypeOf(token.project.vcsType), organization: token.project.organizationSlug, project: token.project.name })
      : null,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}
