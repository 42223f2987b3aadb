import type { APIRequestContext, PlaywrightWorkerArgs } from '@playwright/test';
import { buildPath } from '@stowage/api-client';
import { ArtifactDetailListSchema, routes, type ArtifactDetail } from '@stowage/contracts';
import type { Credentials, E2eWorld } from './e2e-world';

/**
 * A signed-in conversation with the API itself, bypassing the web app: the reference the web
 * app's answers are compared with. Responses are checked against the contracts.
 */
export async function apiSession(playwright: PlaywrightWorkerArgs['playwright'], world: E2eWorld, credentials: Credentials): Promise<APIRequestContext> {
  const api = await playwright.request.newContext({ baseURL: world.apiUrl });
  const response = await api.post(routes.signIn.path, { data: credentials });
  if (!response.ok()) throw new Error(`signing in to the API failed: ${response.status()} ${await response.text()}`);
  return api;
}

export async function listJobArtifacts(api: APIRequestContext, world: E2eWorld, jobNumber = world.jobNumber): Promise<ArtifactDetail[]> {
  const path = buildPath(routes.listJobArtifacts.path, {
    vcs: world.project.vcs,
    org: world.project.org,
    project: world.project.name,
    jobNumber,
  });
  const artifacts: ArtifactDetail[] = [];
  let pageToken: string | null = null;
  do {
    const query = new URLSearchParams({ 'page-size': '10000', ...(pageToken ? { 'page-token': pageToken } : {}) });
    const response = await api.get(`${path}?${query}`);
    if (!response.ok()) throw new Error(`listing artifacts failed: ${response.status()}`);
    const page = ArtifactDetailListSchema.parse(await response.json());
    artifacts.push(...page.items);
    pageToken = page.next_page_token;
  } while (pageToken);
  return artifacts;
}
