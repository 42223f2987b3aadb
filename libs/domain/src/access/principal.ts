import type { ProjectTokenScopeRecord } from '../model';

/** Who is calling, as established from a token or a session. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; userId: string; tokenId?: string }
  | { kind: 'project-token'; projectId: string; scope: ProjectTokenScopeRecord; tokenId: string; userId: string };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

export type ProjectPermission = 'read' | 'upload' | 'admin';
export type OrganizationPermission = 'read' | 'member' | 'admin';
