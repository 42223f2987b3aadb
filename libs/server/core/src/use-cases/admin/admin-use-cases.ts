import { bootstrapAdmin } from './bootstrap-admin';
import { createOrganization } from './create-organization';
import { createUser } from './create-user';
import { grantMembership } from './grant-membership';
import { issuePersonalToken } from './issue-personal-token';
import { issueProjectToken } from './issue-project-token';
import { listAllOrganizations } from './list-all-organizations';
import { listAllProjects } from './list-all-projects';
import { listUsers } from './list-users';
import { listUserTokens } from './list-user-tokens';
import { provisionProject } from './provision-project';
import { previewArtifactPurge, purgeArtifact } from './purge-artifact';
import { revokeUserToken } from './revoke-user-token';
import { setUserPassword } from './set-user-password';
import { verifyStorage } from './verify-storage';

/**
 * What the installation's operator does (the admin command, the API's bootstrap admin, test worlds):
 * no Principal, because whoever holds the database's configuration already holds everything.
 * Never reachable from an HTTP route.
 */
export const ADMIN_USE_CASES = {
  bootstrapAdmin,
  createOrganization,
  createUser,
  grantMembership,
  issuePersonalToken,
  issueProjectToken,
  listAllOrganizations,
  listAllProjects,
  listUsers,
  listUserTokens,
  provisionProject,
  previewArtifactPurge,
  purgeArtifact,
  revokeUserToken,
  setUserPassword,
  verifyStorage,
};
