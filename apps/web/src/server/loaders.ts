import 'server-only';
import { cache } from 'react';
import type { VcsType } from '@stowage/contracts';
import { getApi, orNotFound } from './stowage-api';

// Per-request memoised reads, so a layout, its page and their metadata ask the API once.
// Arguments are primitives because `cache` compares them by identity.

export const loadOrganization = cache(async (org: string) => orNotFound((await getApi()).call('getOrganization', { params: { org } })));

export const loadProjects = cache(async (org: string) => orNotFound((await getApi()).call('listProjects', { params: { org } })));

export const loadProject = cache(async (org: string, vcs: VcsType, project: string) =>
  orNotFound((await getApi()).call('getProject', { params: { vcs, org, project } })),
);

export const loadJob = cache(async (org: string, vcs: VcsType, project: string, jobNumber: number) =>
  orNotFound((await getApi()).call('getJob', { params: { vcs, org, project, jobNumber } })),
);

/** Whether the organization's share links work (members only: the Share action and the settings pages say so). */
export const loadShareLinksSetting = cache(async (org: string) => orNotFound((await getApi()).call('getOrganizationShareLinks', { params: { org } })));
