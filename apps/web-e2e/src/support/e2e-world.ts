import { VCS_ALIASES, type VcsType } from '@stowage/contracts';

export interface Credentials {
  email: string;
  password: string;
}

export interface E2eWorld {
  admin: Credentials;
  member: Credentials;
  org: string;
  /** The project's page in the web app, with the long VCS name the app links to: `/demo/github/app`. */
  projectPath: string;
  project: { vcs: VcsType; org: string; name: string };
  jobNumber: number;
  /** A seeded job of the same project whose artifacts tests may delete (job 3 of the demo seed). */
  disposableJobNumber: number;
  apiUrl: string;
}

/** Only the alias table's own keys: `constructor` or `__proto__` must not name a VCS. */
function vcsFromSegment(segment: string | undefined): VcsType | undefined {
  const key = segment?.toLowerCase() ?? '';
  return Object.hasOwn(VCS_ALIASES, key) ? VCS_ALIASES[key] : undefined;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the e2e tests read the seeded world from E2E_* variables`);
  return value;
}

/** The seeded world, described by the script that starts the platform. */
export function e2eWorld(): E2eWorld {
  const given = required('E2E_PROJECT_PATH');
  const [org, vcsSegment, name, ...rest] = given.replace(/^\/+|\/+$/g, '').split('/');
  const vcs = vcsFromSegment(vcsSegment);
  if (!org || !vcs || !name || rest.length > 0) throw new Error(`E2E_PROJECT_PATH must look like /org/github/project, got "${given}"`);
  const projectPath = `/${org}/${vcs}/${name}`;
  return {
    admin: { email: required('E2E_ADMIN_EMAIL'), password: required('E2E_ADMIN_PASSWORD') },
    member: { email: required('E2E_MEMBER_EMAIL'), password: required('E2E_MEMBER_PASSWORD') },
    org: required('E2E_ORG'),
    projectPath,
    project: { vcs, org, name },
    jobNumber: Number(required('E2E_JOB_NUMBER')),
    disposableJobNumber: Number(process.env.E2E_DISPOSABLE_JOB_NUMBER || 3),
    apiUrl: required('E2E_API_URL').replace(/\/+$/, ''),
  };
}

export const jobPath = (world: E2eWorld, jobNumber = world.jobNumber) => `${world.projectPath}/jobs/${jobNumber}`;
export const artifactsPath = (world: E2eWorld, jobNumber = world.jobNumber) => `${jobPath(world, jobNumber)}/artifacts`;
export const usagePath = (world: E2eWorld) => `/${world.org}/settings/usage`;
export const membersPath = (world: E2eWorld) => `/${world.org}/settings/members`;
export const orgProjectsPath = (world: E2eWorld) => `/${world.org}/settings/projects`;
export const orgShareLinksPath = (world: E2eWorld) => `/${world.org}/settings/share-links`;
export const projectShareLinksPath = (world: E2eWorld) => `${world.projectPath}/settings/share-links`;
export const projectTokensPath = (world: E2eWorld, project: string, vcs = 'github') => `/${world.org}/${vcs}/${project}/settings/tokens`;
