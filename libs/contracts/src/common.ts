import { z } from 'zod';

/** CircleCI accepts both long and short VCS names in URLs. */
export const VCS_TYPES = ['github', 'bitbucket', 'circleci'] as const;
export type VcsType = (typeof VCS_TYPES)[number];
export const VCS_ALIASES: Record<string, VcsType> = {
  github: 'github',
  gh: 'github',
  bitbucket: 'bitbucket',
  bb: 'bitbucket',
  circleci: 'circleci',
};
/** The short form used in project slugs (`gh/acme/app`). */
export const VCS_SLUG_PREFIX: Record<VcsType, string> = { github: 'gh', bitbucket: 'bb', circleci: 'circleci' };

/** The VCS type an alias names; own keys only, so "constructor" or "__proto__" find nothing. */
export const vcsForAlias = (alias: string): VcsType | undefined =>
  Object.hasOwn(VCS_ALIASES, alias.toLowerCase()) ? VCS_ALIASES[alias.toLowerCase()] : undefined;

export const VcsTypeParamSchema = z
  .string()
  .transform((value, ctx) => {
    const vcs = vcsForAlias(value);
    if (!vcs) {
      ctx.addIssue({ code: 'custom', message: `unknown VCS type "${value}"; use github, gh, bitbucket, bb or circleci` });
      return z.NEVER;
    }
    return vcs;
  });

/**
 * A git branch name as a project's default branch: 1–255 characters, no spaces or control characters,
 * no "..", not starting with "-" (git's own rules, the ones a typo is likely to break).
 */
export const BranchNameSchema = z
  .string()
  .min(1, 'a branch name cannot be empty')
  .max(255, 'a branch name has at most 255 characters')
  .refine((name) => !/[\s\x00-\x1f\x7f]/.test(name), 'a branch name cannot contain spaces or control characters')
  .refine((name) => !name.includes('..'), 'a branch name cannot contain ".."')
  .refine((name) => !name.startsWith('-'), 'a branch name cannot start with "-"')
  .describe('a git branch name, e.g. main');

export const SlugPartSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only');

/** `gh/acme/app`: the project slug CircleCI's v2 API uses. */
export const ProjectSlugSchema = z
  .string()
  .transform((value, ctx) => {
    const parts = value.split('/');
    const vcs = parts.length === 3 ? vcsForAlias(parts[0]) : undefined;
    const org = SlugPartSchema.safeParse(parts[1]);
    const project = SlugPartSchema.safeParse(parts[2]);
    if (!vcs || !org.success || !project.success) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a project slug like gh/acme/app` });
      return z.NEVER;
    }
    return { vcsType: vcs, organization: org.data, project: project.data };
  });
export type ProjectRef = { vcsType: VcsType; organization: string; project: string };

export function formatProjectSlug(ref: ProjectRef): string {
  return `${VCS_SLUG_PREFIX[ref.vcsType]}/${ref.organization}/${ref.project}`;
}

export const JobNumberSchema = z.coerce
  .number({ error: 'job number must be a positive integer' })
  .int('job number must be a positive integer')
  .positive('job number must be a positive integer')
  .max(2_147_483_647);

export const NodeIndexSchema = z.coerce.number().int().min(0).max(1023);

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits');

export const JOB_STATUSES = ['queued', 'running', 'success', 'failed', 'canceled'] as const;
export const JobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof JobStatusSchema>;

export const ROLES = ['admin', 'member'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;
