import { z } from 'zod';
import * as C from './circleci';
import * as R from './resources';
import * as SL from './share-links';
import * as U from './uploads';

/**
 * Every HTTP route, defined once. Controllers take their paths from here and validate with these
 * schemas; the typed client (`@stowage/api-client`) builds its requests from the same entries.
 */
export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Express-style path with `:params`, relative to the server root. */
  path: string;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
}

const route = <T extends RouteDefinition>(definition: T) => definition;
const NoContent = z.undefined();

/** Stowage's own API lives under this prefix; CircleCI-compatible routes keep CircleCI's paths. */
export const STOWAGE_API_PREFIX = '/api/stowage/v1' as const;
const s = <P extends string>(path: P) => `${STOWAGE_API_PREFIX}${path}` as const;
const projectPath = "/projects/:vcs/:org/:project" as const;

export const routes = {
  // CircleCI-compatible artifacts API.
  v11ListArtifacts: route({ method: 'GET', path: '/api/v1.1/project/:vcs/:org/:project/:jobNumber/artifacts', response: C.V11ArtifactListSchema }),
  v11LatestArtifacts: route({ method: 'GET', path: '/api/v1.1/project/:vcs/:org/:project/latest/artifacts', query: C.V11LatestQuerySchema, response: C.V11ArtifactListSchema }),
  v2ListArtifacts: route({ method: 'GET', path: '/api/v2/project/:vcs/:org/:project/:jobNumber/artifacts', response: C.V2ArtifactListSchema }),

  // Uploads from CI agents.
  createUploads: route({ method: 'POST', path: s('/uploads'), body: U.CreateUploadsRequestSchema, response: U.CreateUploadsResponseSchema }),
  claimUploads: route({ method: 'POST', path: s('/uploads/claims'), body: U.ClaimUploadsRequestSchema, response: U.ClaimUploadsResponseSchema }),
  recordUploadParts: route({ method: 'POST', path: s('/uploads/parts'), body: U.RecordUploadPartsRequestSchema, response: NoContent }),
  completeUploads: route({ method: 'POST', path: s('/uploads/complete'), body: U.CompleteUploadsRequestSchema, response: U.CompleteUploadsResponseSchema }),
  createUploadBatch: route({ method: 'POST', path: s('/upload-batches'), body: U.CreateUploadBatchRequestSchema, response: U.CreateUploadBatchResponseSchema }),

  // Session and the caller.
  signIn: route({ method: 'POST', path: s('/session'), body: R.SignInRequestSchema, response: R.MeSchema }),
  signOut: route({ method: 'DELETE', path: s('/session'), response: NoContent }),
  me: route({ method: 'GET', path: s('/me'), response: R.MeSchema }),

  // Organizations, members, retention and usage.
  listOrganizations: route({ method: 'GET', path: s('/organizations'), response: z.array(R.OrganizationSchema) }),
  getOrganization: route({ method: 'GET', path: s('/organizations/:org'), response: R.OrganizationSchema }),
  updateRetention: route({ method: 'PUT', path: s('/organizations/:org/retention'), body: R.UpdateRetentionRequestSchema, response: R.OrganizationSchema }),
  previewRetention: route({ method: 'GET', path: s('/organizations/:org/retention/preview'), query: z.object({ days: z.coerce.number().int() }), response: R.RetentionPreviewSchema }),
  getUsage: route({ method: 'GET', path: s('/organizations/:org/usage'), response: R.UsageSchema }),
  listMembers: route({ method: 'GET', path: s('/organizations/:org/members'), response: z.array(R.MemberSchema) }),
  addMember: route({ method: 'POST', path: s('/organizations/:org/members'), body: R.AddMemberRequestSchema, response: R.MemberSchema }),
  updateMember: route({ method: 'PATCH', path: s('/organizations/:org/members/:userId'), body: R.UpdateMemberRequestSchema, response: R.MemberSchema }),
  removeMember: route({ method: 'DELETE', path: s('/organizations/:org/members/:userId'), response: NoContent }),

  // Projects.
  listProjects: route({ method: 'GET', path: s('/organizations/:org/projects'), response: z.array(R.ProjectSchema) }),
  createProject: route({ method: 'POST', path: s('/organizations/:org/projects'), body: R.CreateProjectRequestSchema, response: R.ProjectSchema }),
  getProject: route({ method: 'GET', path: s(projectPath), response: R.ProjectSchema }),
  updateProject: route({ method: 'PATCH', path: s(projectPath), body: R.UpdateProjectRequestSchema, response: R.ProjectSchema }),
  deleteProject: route({ method: 'DELETE', path: s(projectPath), response: NoContent }),

  // Jobs and their artifacts.
  listJobs: route({ method: 'GET', path: s(`${projectPath}/jobs`), query: R.ListJobsQuerySchema, response: R.JobListSchema }),
  getJob: route({ method: 'GET', path: s(`${projectPath}/jobs/:jobNumber`), response: R.JobSchema }),
  upsertJob: route({ method: 'PUT', path: s(`${projectPath}/jobs/:jobNumber`), body: R.UpsertJobRequestSchema, response: R.JobSchema }),
  listJobArtifacts: route({ method: 'GET', path: s(`${projectPath}/jobs/:jobNumber/artifacts`), query: R.ListArtifactsQuerySchema, response: R.ArtifactDetailListSchema }),
  compareJobs: route({ method: 'GET', path: s(`${projectPath}/jobs/:jobNumber/compare`), query: R.CompareJobsQuerySchema, response: R.JobComparisonSchema }),
  deleteJobArtifacts: route({ method: 'DELETE', path: s(`${projectPath}/jobs/:jobNumber/artifacts`), response: NoContent }),
  deleteArtifact: route({ method: 'DELETE', path: s('/artifacts/:artifactId'), response: NoContent }),
  previewPurge: route({ method: 'GET', path: s('/artifacts/:artifactId/purge-preview'), response: R.PurgePreviewSchema }),
  purgeArtifactBytes: route({ method: 'POST', path: s('/artifacts/:artifactId/purge'), body: R.PurgeRequestSchema, response: R.PurgeResultSchema }),

  // Tokens.
  listPersonalTokens: route({ method: 'GET', path: s('/me/tokens'), response: z.array(R.ApiTokenSchema) }),
  createPersonalToken: route({ method: 'POST', path: s('/me/tokens'), body: R.CreatePersonalTokenRequestSchema, response: R.CreatedApiTokenSchema }),
  revokePersonalToken: route({ method: 'DELETE', path: s('/me/tokens/:tokenId'), response: NoContent }),
  listProjectTokens: route({ method: 'GET', path: s(`${projectPath}/tokens`), response: z.array(R.ApiTokenSchema) }),
  createProjectToken: route({ method: 'POST', path: s(`${projectPath}/tokens`), body: R.CreateProjectTokenRequestSchema, response: R.CreatedApiTokenSchema }),
  revokeProjectToken: route({ method: 'DELETE', path: s(`${projectPath}/tokens/:tokenId`), response: NoContent }),

  // Share links (docs/share-links.md); the public side is under /s/:secret, a secret carrier.
  listShareLinks: route({ method: 'GET', path: s(`${projectPath}/share-links`), response: z.array(SL.ShareLinkSchema) }),
  createShareLink: route({ method: 'POST', path: s(`${projectPath}/share-links`), body: SL.CreateShareLinkRequestSchema, response: SL.CreatedShareLinkSchema }),
  revokeShareLink: route({ method: 'DELETE', path: s(`${projectPath}/share-links/:linkId`), response: NoContent }),
  getOrganizationShareLinks: route({ method: 'GET', path: s('/organizations/:org/share-links'), response: SL.ShareLinksSettingSchema }),
  setOrganizationShareLinks: route({ method: 'PUT', path: s('/organizations/:org/share-links'), body: SL.SetShareLinksEnabledRequestSchema, response: SL.ShareLinksSettingSchema }),
  sharedListing: route({ method: 'GET', path: '/s/:secret/listing', query: SL.SharedListingQuerySchema, response: SL.SharedListingSchema }),

  // Operations.
  liveness: route({ method: 'GET', path: '/health/live', response: R.HealthSchema }),
  readiness: route({ method: 'GET', path: '/health/ready', response: R.HealthSchema }),
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

/** Paths of the byte-serving routes, which answer files rather than JSON. */
export const DOWNLOAD_PATH = '/output/job/:jobId/artifacts/:nodeIndex/*path';
export const UPLOAD_PART_PATH = s('/uploads/:artifactId/parts/:partNumber');
/** Where a batch's tar stream is PUT (signed URL from createUploadBatch); answers UploadBatchResultSchema. */
export const UPLOAD_BATCH_PATH = s('/upload-batches/:batchId');
/** A file and the zip of everything a share link covers (answer bytes, like DOWNLOAD_PATH and ARCHIVE_PATH). */
export const SHARED_FILE_PATH = '/s/:secret/files/:nodeIndex/*path';
export const SHARED_ARCHIVE_PATH = '/s/:secret/archive.zip';
export const ARCHIVE_PATH = s(`${projectPath}/jobs/:jobNumber/artifacts.zip`);
