import { BranchNameSchema, CreateProjectRequestSchema, SlugPartSchema, VCS_TYPES, formatProjectSlug, type Project, type VcsType } from '@stowage/contracts';
import type { ActionResult } from '../../lib/api-failure';
import type { Confirmation } from '../../lib/confirmation';

export const VCS_LABELS: ReadonlyMap<VcsType, string> = new Map([
  ['github', 'GitHub'],
  ['bitbucket', 'Bitbucket'],
  ['circleci', 'CircleCI'],
]);
export const VCS_CHOICES = VCS_TYPES.map((vcs) => ({ value: vcs, label: VCS_LABELS.get(vcs) ?? vcs }));

export type CreateProjectInput = { vcsType: VcsType; name: string; isPrivate: boolean };

const NAME_RULE = 'A project name is 1 to 100 letters, digits, “.”, “_” or “-”, starting with a letter or digit.';

/** A project name as typed, checked as the API will check it, so mistakes show before a round trip. */
export function parseProjectName(raw: unknown): ActionResult<string> {
  const parsed = SlugPartSchema.safeParse(typeof raw === 'string' ? raw.trim() : raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: NAME_RULE };
}

/** A default branch as typed (surrounding spaces dropped), checked as the API will check it. */
export function parseDefaultBranch(raw: unknown): ActionResult<string> {
  const parsed = BranchNameSchema.safeParse(typeof raw === 'string' ? raw.trim() : raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const message = parsed.error.issues[0]?.message ?? 'not a branch name';
  return { ok: false, message: `${message.charAt(0).toUpperCase()}${message.slice(1)}.` };
}

/** The create-project form (`vcsType`, `name`, `visibility` = private | public) as the API's request. */
export function parseCreateProjectForm(form: FormData): ActionResult<CreateProjectInput> {
  const name = parseProjectName(form.get('name'));
  if (!name.ok) return name;
  const visibility = form.get('visibility');
  if (visibility !== 'private' && visibility !== 'public') return { ok: false, message: 'Choose whether the project is private or public.' };
  const parsed = CreateProjectRequestSchema.safeParse({ vcsType: form.get('vcsType'), name: name.value, isPrivate: visibility === 'private' });
  if (!parsed.success) return { ok: false, message: 'Choose GitHub, Bitbucket or CircleCI as the project’s VCS.' };
  return { ok: true, value: parsed.data };
}

const slugOf = (project: Pick<Project, 'vcsType' | 'name'>, org: string) => formatProjectSlug({ vcsType: project.vcsType, organization: org, project: project.name });

export function deleteProjectConfirmation(project: Pick<Project, 'vcsType' | 'name'>, org: string): Confirmation {
  return {
    title: `Delete project ${project.name}?`,
    body: `${project.name} (${slugOf(project, org)}) and all of its jobs and artifacts, bytes included, are deleted at once, along with its project tokens. This cannot be undone.`,
    confirmLabel: `Delete ${project.name}`,
  };
}

/** Opening a project to everyone asks first; making it private again does not (it only narrows access). */
export function visibilityConfirmation(project: Pick<Project, 'vcsType' | 'name' | 'isPrivate'>, org: string): Confirmation | null {
  if (!project.isPrivate) return null;
  return {
    title: `Make ${project.name} public?`,
    body: `Anyone, signed in or not, will be able to see the jobs of ${slugOf(project, org)} and download their artifacts. Uploading still needs a token.`,
    confirmLabel: 'Make public',
  };
}

export const visibilityActionLabel = (project: Pick<Project, 'isPrivate'>) => (project.isPrivate ? 'Make public' : 'Make private');

/** Projects in reading order: by name, then by VCS for same-named projects of different hosts. */
export function sortProjects<P extends Pick<Project, 'name' | 'vcsType'>>(projects: readonly P[]): P[] {
  return [...projects].sort((a, b) => a.name.localeCompare(b.name) || a.vcsType.localeCompare(b.vcsType));
}
