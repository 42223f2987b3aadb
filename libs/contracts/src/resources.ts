import { z } from 'zod';
import { BranchNameSchema, JobStatusSchema, RoleSchema, Sha256Schema, SlugPartSchema, VCS_TYPES } from './common';
import { OrganizationSlugSchema } from './organization-slug';

// Stowage's own API: what the web app, the CLI and admins use.

export const OrganizationSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  artifactRetentionDays: z.number().int(),
  role: RoleSchema.nullable().describe('The caller\'s role, or null for visitors of public projects'),
});
export type Organization = z.infer<typeof OrganizationSchema>;
export const CreateOrganizationRequestSchema = z.object({ slug: OrganizationSlugSchema, name: z.string().min(1).max(200) });

export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 30;
export const DEFAULT_RETENTION_DAYS = 30;
export const RetentionDaysSchema = z.number().int().min(MIN_RETENTION_DAYS).max(MAX_RETENTION_DAYS);
export const UpdateRetentionRequestSchema = z.object({ artifactRetentionDays: RetentionDaysSchema });
export const RetentionPreviewSchema = z.object({
  artifactRetentionDays: RetentionDaysSchema,
  expiringArtifacts: z.number().int(),
  expiringBytes: z.number().int(),
});

export const MemberSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
});
export const AddMemberRequestSchema = z.object({ email: z.email(), role: RoleSchema.default('member') });
export const UpdateMemberRequestSchema = z.object({ role: RoleSchema });

export const ProjectSchema = z.object({
  id: z.uuid(),
  slug: z.string().describe('e.g. gh/acme/app'),
  vcsType: z.enum(VCS_TYPES),
  organization: z.string(),
  name: z.string(),
  isPrivate: z.boolean(),
  defaultBranch: z.string().describe('where "the latest job" looks when no branch is named; main unless changed'),
});
export type Project = z.infer<typeof ProjectSchema>;
export const CreateProjectRequestSchema = z.object({
  vcsType: z.enum(VCS_TYPES),
  name: SlugPartSchema,
  isPrivate: z.boolean().default(true),
});
export const UpdateProjectRequestSchema = z.object({
  name: SlugPartSchema.optional(),
  isPrivate: z.boolean().optional(),
  defaultBranch: BranchNameSchema.optional(),
});

export const JobSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  name: z.string(),
  branch: z.string().nullable(),
  revision: z.string().nullable(),
  status: JobStatusSchema,
  parallelism: z.number().int(),
  startedAt: z.iso.datetime().nullable(),
  stoppedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  artifactCount: z.number().int().optional(),
});
export type Job = z.infer<typeof JobSchema>;
export const UpsertJobRequestSchema = z.object({
  name: z.string().min(1).max(255).optional(),
  branch: z.string().min(1).max(255).nullable().optional(),
  revision: z.string().min(1).max(64).nullable().optional(),
  status: JobStatusSchema.optional(),
  parallelism: z.number().int().min(1).max(1024).optional(),
  startedAt: z.iso.datetime().nullable().optional(),
  stoppedAt: z.iso.datetime().nullable().optional(),
});
export const ListJobsQuerySchema = z.object({
  branch: z.string().max(255).optional(),
  /** The job's name exactly (CircleCI's CIRCLE_JOB), e.g. `build`. */
  name: z.string().max(255).optional(),
  status: JobStatusSchema.optional(),
  'page-token': z.string().max(512).optional(),
});
export const JobListSchema = z.object({ items: z.array(JobSchema), next_page_token: z.string().nullable() });

export const ARTIFACT_STATES = ['pending', 'available', 'failed'] as const;
export const CoreDumpFactsSchema = z.object({
  architecture: z.string().nullable(),
  signal: z.number().int().nullable(),
  signalName: z.string().nullable(),
  pid: z.number().int().nullable(),
  executableName: z.string().nullable(),
  arguments: z.string().nullable(),
  executablePath: z.string().nullable(),
  threadCount: z.number().int().nullable(),
  programCounter: z.string().nullable(),
  stackPointer: z.string().nullable(),
  mappedFiles: z.array(z.object({ path: z.string(), start: z.string(), end: z.string(), offset: z.string() })),
});
export type CoreDumpFacts = z.infer<typeof CoreDumpFactsSchema>;

export const ArtifactDetailSchema = z.object({
  id: z.uuid(),
  path: z.string(),
  nodeIndex: z.number().int(),
  state: z.enum(ARTIFACT_STATES),
  failureReason: z.string().nullable(),
  size: z.number().int(),
  /** Null only while an upload whose agent declares it at completion is still in progress. */
  sha256: z.string().nullable(),
  contentType: z.string().nullable(),
  fileMode: z.number().int(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  url: z.string(),
  coreDump: CoreDumpFactsSchema.nullable(),
});
export type ArtifactDetail = z.infer<typeof ArtifactDetailSchema>;
export const ListArtifactsQuerySchema = z.object({
  prefix: z.string().max(1024).optional(),
  'page-token': z.string().max(512).optional(),
  'page-size': z.coerce.number().int().min(1).max(10_000).optional(),
});
export const ArtifactDetailListSchema = z.object({
  items: z.array(ArtifactDetailSchema),
  next_page_token: z.string().nullable(),
});

/**
 * Comparing a job with a base job of the same project. Files are matched by container and path, or
 * by path alone (`matchBy=path`: a path's size is the sum over the containers that hold it, and it is
 * unchanged when it has the same digests, however they are spread over containers). A file is
 * unchanged when its sha256 is the same.
 */
export const COMPARISON_STATUSES = ['added', 'removed', 'changed', 'unchanged'] as const;
export type ComparisonStatus = (typeof COMPARISON_STATUSES)[number];
export const COMPARISON_MATCHES = ['container', 'path'] as const;
export type ComparisonMatch = (typeof COMPARISON_MATCHES)[number];
export const CompareJobsQuerySchema = z.object({
  /** The base job's number; absent: see the endpoint's description. */
  base: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  matchBy: z.enum(COMPARISON_MATCHES).default('container'),
  /** Which files the page lists (comma-separated); the totals always count every status. */
  status: z
    .string()
    .max(64)
    .default('added,removed,changed')
    .transform((text, ctx) => {
      const statuses = text.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = statuses.filter((s) => !(COMPARISON_STATUSES as readonly string[]).includes(s));
      if (unknown.length > 0 || statuses.length === 0) {
        ctx.addIssue({ code: 'custom', message: `status must be a comma-separated list of ${COMPARISON_STATUSES.join(', ')}` });
        return z.NEVER;
      }
      return statuses as ComparisonStatus[];
    }),
  /** Only paths starting with this (bytes), in the files and the totals. */
  prefix: z.string().max(1024).optional(),
  'page-token': z.string().max(512).optional(),
  'page-size': z.coerce.number().int().min(1).max(10_000).optional(),
});
export const ComparedFileSchema = z.object({
  path: z.string(),
  /** The container; null when matching by path alone. */
  nodeIndex: z.number().int().nullable(),
  status: z.enum(COMPARISON_STATUSES),
  /** Bytes in the base job; null when added. */
  baseSize: z.number().int().nullable(),
  /** Bytes in this job; null when removed. */
  size: z.number().int().nullable(),
  /** size - baseSize, a missing side counting 0. */
  delta: z.number().int(),
});
export type ComparedFile = z.infer<typeof ComparedFileSchema>;
export const ComparisonTotalsSchema = z.object({
  added: z.number().int(),
  removed: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  /** Bytes in the base job and in this job, and the difference. */
  baseSize: z.number().int(),
  size: z.number().int(),
  delta: z.number().int(),
});
export type ComparisonTotals = z.infer<typeof ComparisonTotalsSchema>;
export const ComparedJobSchema = z.object({ number: z.number().int(), name: z.string(), branch: z.string().nullable(), status: JobStatusSchema, pending: z.boolean() });
export const JobComparisonSchema = z.object({
  job: ComparedJobSchema,
  base: ComparedJobSchema,
  matchBy: z.enum(COMPARISON_MATCHES),
  /** Either job still has pending artifacts: the comparison may change. */
  pending: z.boolean(),
  /** Over every file under the prefix, whatever the status filter; on every page. */
  totals: ComparisonTotalsSchema,
  /** Per container (matchBy=container; empty when matching by path). */
  containers: z.array(ComparisonTotalsSchema.extend({ nodeIndex: z.number().int() })),
  items: z.array(ComparedFileSchema),
  next_page_token: z.string().nullable(),
});
export type JobComparison = z.infer<typeof JobComparisonSchema>;

/** How many referring artifacts a purge preview lists; the count covers them all. */
export const PURGE_PREVIEW_LIMIT = 500;

/** Before a purge: the bytes an artifact holds and every artifact of the project that refers to them (they all go). */
export const PurgePreviewSchema = z.object({
  artifactId: z.uuid(),
  sha256: Sha256Schema,
  size: z.number().int(),
  artifactCount: z.number().int().describe('Every artifact referring to these bytes; the purge request must name this count'),
  artifacts: z
    .array(z.object({ id: z.uuid(), jobNumber: z.number().int(), nodeIndex: z.number().int(), path: z.string(), size: z.number().int(), state: z.enum(ARTIFACT_STATES) }))
    .describe(`The first ${PURGE_PREVIEW_LIMIT} by job, container and path`),
});
export type PurgePreview = z.infer<typeof PurgePreviewSchema>;
/** The confirmation names what the preview showed; if more or fewer artifacts refer to the bytes now, nothing is purged (409). */
export const PurgeRequestSchema = z.object({ sha256: Sha256Schema, artifactCount: z.number().int().min(1) });
export type PurgeRequest = z.infer<typeof PurgeRequestSchema>;
export const PurgeResultSchema = z.object({ purgedArtifacts: z.number().int(), bytes: z.number().int().describe('Bytes deleted from storage') });
export type PurgeResult = z.infer<typeof PurgeResultSchema>;

/** What a project token may do on its project: upload, read, or both (a CI job that stores and later downloads). */
export const PROJECT_TOKEN_SCOPES = ['upload', 'read', 'upload-read'] as const;
export type ProjectTokenScope = (typeof PROJECT_TOKEN_SCOPES)[number];
/** A personal token's scope is always `all`: whatever its user may do. */
export const TOKEN_SCOPES = ['all', ...PROJECT_TOKEN_SCOPES] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
export const ApiTokenSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['personal', 'project']),
  scope: z.enum(TOKEN_SCOPES),
  name: z.string(),
  prefix: z.string(),
  project: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;
export const CreatePersonalTokenRequestSchema = z.object({ name: z.string().min(1).max(100) });
export const CreateProjectTokenRequestSchema = z.object({
  name: z.string().min(1).max(100),
  scope: z.enum(PROJECT_TOKEN_SCOPES),
});
export const CreatedApiTokenSchema = ApiTokenSchema.extend({
  secret: z.string().describe('Shown once; only its SHA-256 is stored'),
});

export const MeSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  organizations: z.array(OrganizationSchema),
});
export const SignInRequestSchema = z.object({ email: z.email(), password: z.string().min(1).max(1024) });

export const UsageSchema = z.object({
  organization: z.string(),
  storage: z.object({
    totalBytes: z.number().int().describe('Logical bytes of every project (logicalBytes)'),
    byProject: z.array(
      z.object({
        project: z.string(),
        bytes: z.number().int().describe('What its available artifacts add up to (the same as logicalBytes)'),
        artifacts: z.number().int(),
        logicalBytes: z.number().int().describe('What its available artifacts add up to'),
        physicalBytes: z.number().int().describe('The unique bytes stored for them (each blob once)'),
        savedBytes: z.number().int().describe('What deduplication saved: logical minus physical, never below zero'),
      }),
    ),
    logicalBytes: z.number().int(),
    physicalBytes: z.number().int(),
    savedBytes: z.number().int(),
    daily: z.array(z.object({ day: z.string(), bytes: z.number().int() })),
  }),
  egress: z.object({
    totalBytes: z.number().int(),
    daily: z.array(z.object({ day: z.string(), bytes: z.number().int() })),
  }),
  largestArtifacts: z.array(
    z.object({ project: z.string(), jobNumber: z.number().int(), path: z.string(), nodeIndex: z.number().int(), size: z.number().int() }),
  ),
});
export type Usage = z.infer<typeof UsageSchema>;

export const HealthSchema = z.object({
  status: z.enum(['ok', 'error']),
  checks: z.record(z.string(), z.object({ status: z.enum(['ok', 'error']), message: z.string().optional() })),
});
