import { JobNumberSchema, ProjectSlugSchema, VcsTypeParamSchema, formatProjectSlug, type ProjectRef } from './common';
import { CreateUploadsRequestSchema, MAX_FILES_PER_UPLOAD_REQUEST } from './uploads';

const messages = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) => result.error?.issues.map((issue) => issue.message) ?? [];

describe('ProjectSlugSchema', () => {
  it.each([
    ['gh/acme/app', 'github'],
    ['github/acme/app', 'github'],
    ['GH/acme/app', 'github'],
    ['bb/acme/app', 'bitbucket'],
    ['bitbucket/acme/app', 'bitbucket'],
    ['circleci/acme/app', 'circleci'],
  ])('reads %s as a %s project', (slug, vcsType) => {
    expect(ProjectSlugSchema.parse(slug)).toEqual({ vcsType, organization: 'acme', project: 'app' });
  });

  it('keeps the case and punctuation of organization and project names', () => {
    expect(ProjectSlugSchema.parse('gh/Acme-Corp/my_app.v2')).toEqual({ vcsType: 'github', organization: 'Acme-Corp', project: 'my_app.v2' });
  });

  it.each([
    [''],
    ['acme/app'],
    ['gh/acme'],
    ['gh/acme/app/extra'],
    ['gl/acme/app'],
    ['gh//app'],
    ['gh/acme/'],
    ['gh/acme/-app'],
    ['gh/.acme/app'],
    ['gh/ac me/app'],
    ['gh/acme/app%2F..'],
    [`gh/acme/${'a'.repeat(101)}`],
    ['constructor/acme/app'],
    ['__proto__/acme/app'],
    ['toString/acme/app'],
  ])('refuses %j with a message showing the expected form', (slug) => {
    const result = ProjectSlugSchema.safeParse(slug);
    expect(result.success).toBe(false);
    expect(messages(result)).toEqual([`"${slug}" is not a project slug like gh/acme/app`]);
  });

  it('refuses a non-string', () => {
    expect(ProjectSlugSchema.safeParse(42).success).toBe(false);
  });
});

describe('VcsTypeParamSchema', () => {
  it.each([
    ['github', 'github'],
    ['gh', 'github'],
    ['GitHub', 'github'],
    ['bitbucket', 'bitbucket'],
    ['bb', 'bitbucket'],
    ['BB', 'bitbucket'],
    ['circleci', 'circleci'],
  ])('maps %s to %s', (param, vcs) => {
    expect(VcsTypeParamSchema.parse(param)).toBe(vcs);
  });

  it.each([['gitlab'], [''], ['git hub'], ['constructor'], ['__proto__'], ['hasOwnProperty']])('refuses %j naming it and listing the accepted names', (param) => {
    const result = VcsTypeParamSchema.safeParse(param);
    expect(result.success).toBe(false);
    expect(messages(result)).toEqual([`unknown VCS type "${param}"; use github, gh, bitbucket, bb or circleci`]);
  });
});

describe('JobNumberSchema', () => {
  it.each([
    [1, 1],
    ['42', 42],
    [2_147_483_647, 2_147_483_647],
  ])('accepts %j as %d', (input, number) => {
    expect(JobNumberSchema.parse(input)).toBe(number);
  });

  it.each([[0], [-1], [1.5], ['abc'], [''], ['1e400'], [2_147_483_648], [Number.MAX_SAFE_INTEGER]])('refuses %j', (input) => {
    expect(JobNumberSchema.safeParse(input).success).toBe(false);
  });

  it('explains that a job number must be a positive integer', () => {
    for (const input of [0, -1, 1.5, 'abc']) {
      expect(messages(JobNumberSchema.safeParse(input))).toEqual(['job number must be a positive integer']);
    }
  });
});

describe('CreateUploadsRequestSchema', () => {
  const uploadFile = (i: number) => ({ path: `f${i}.txt`, size: 1, sha256: '0'.repeat(64), fileMode: 0o644 });
  const request = (files: unknown[], extra: Record<string, unknown> = {}) => ({ project: 'gh/acme/app', jobNumber: 7, files, ...extra });

  it('parses the project slug and defaults nodeIndex to 0', () => {
    const parsed = CreateUploadsRequestSchema.parse(request([uploadFile(0)]));
    expect(parsed.nodeIndex).toBe(0);
    expect(parsed.project).toEqual({ vcsType: 'github', organization: 'acme', project: 'app' });
    expect(parsed.jobNumber).toBe(7);
  });

  it('keeps an explicit nodeIndex', () => {
    expect(CreateUploadsRequestSchema.parse(request([uploadFile(0)], { nodeIndex: 3 })).nodeIndex).toBe(3);
  });

  it(`accepts ${MAX_FILES_PER_UPLOAD_REQUEST} files and refuses one more`, () => {
    expect(MAX_FILES_PER_UPLOAD_REQUEST).toBe(500);
    const files = Array.from({ length: 501 }, (_, i) => uploadFile(i));
    expect(CreateUploadsRequestSchema.safeParse(request(files.slice(0, 500))).success).toBe(true);
    const result = CreateUploadsRequestSchema.safeParse(request(files));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['files']);
  });

  it('refuses an empty file list', () => {
    expect(CreateUploadsRequestSchema.safeParse(request([])).success).toBe(false);
  });

  it.each([
    ['an uppercase sha256', { sha256: 'A'.repeat(64) }, 'files.0.sha256'],
    ['a negative size', { size: -1 }, 'files.0.size'],
    ['a file mode above 07777', { fileMode: 0o10000 }, 'files.0.fileMode'],
  ])('refuses a file with %s, pointing at the field', (_label, change, path) => {
    const result = CreateUploadsRequestSchema.safeParse(request([{ ...uploadFile(0), ...change }]));
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([path]);
  });
});

describe('formatProjectSlug', () => {
  it.each([
    [{ vcsType: 'github', organization: 'acme', project: 'app' }, 'gh/acme/app'],
    [{ vcsType: 'bitbucket', organization: 'acme', project: 'app' }, 'bb/acme/app'],
    [{ vcsType: 'circleci', organization: 'Acme', project: 'my.app' }, 'circleci/Acme/my.app'],
  ] as Array<[ProjectRef, string]>)('formats %j as %s', (ref, slug) => {
    expect(formatProjectSlug(ref)).toBe(slug);
  });

  it('produces slugs ProjectSlugSchema reads back to the same project', () => {
    for (const vcsType of ['github', 'bitbucket', 'circleci'] as const) {
      const ref = { vcsType, organization: 'org-1', project: 'proj_2' };
      expect(ProjectSlugSchema.parse(formatProjectSlug(ref))).toEqual(ref);
    }
  });
});
