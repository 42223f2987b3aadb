import { deleteProjectConfirmation, parseCreateProjectForm, parseDefaultBranch, parseProjectName, sortProjects, visibilityActionLabel, visibilityConfirmation } from './project-rules';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};

describe('parseCreateProjectForm', () => {
  it('builds the API request, private unless public is chosen', () => {
    expect(parseCreateProjectForm(form({ vcsType: 'github', name: ' web-app ', visibility: 'private' }))).toEqual({
      ok: true,
      value: { vcsType: 'github', name: 'web-app', isPrivate: true },
    });
    expect(parseCreateProjectForm(form({ vcsType: 'bitbucket', name: 'docs', visibility: 'public' }))).toEqual({
      ok: true,
      value: { vcsType: 'bitbucket', name: 'docs', isPrivate: false },
    });
  });

  it('refuses names the API would refuse, unknown VCS types and a missing visibility', () => {
    expect(parseCreateProjectForm(form({ vcsType: 'github', name: 'has space', visibility: 'private' })).ok).toBe(false);
    expect(parseCreateProjectForm(form({ vcsType: 'github', name: '-dash', visibility: 'private' })).ok).toBe(false);
    expect(parseCreateProjectForm(form({ vcsType: 'gitlab', name: 'app', visibility: 'private' }))).toEqual({
      ok: false,
      message: expect.stringMatching(/GitHub, Bitbucket or CircleCI/),
    });
    expect(parseCreateProjectForm(form({ vcsType: 'github', name: 'app' })).ok).toBe(false);
    expect(parseProjectName('x'.repeat(101)).ok).toBe(false);
  });
});

describe('parseDefaultBranch', () => {
  it('accepts a git branch name, trimmed, and says what is wrong with an invalid one', () => {
    expect(parseDefaultBranch(' release/2.x ')).toEqual({ ok: true, value: 'release/2.x' });
    expect(parseDefaultBranch('')).toEqual({ ok: false, message: 'A branch name cannot be empty.' });
    expect(parseDefaultBranch('my branch')).toEqual({ ok: false, message: 'A branch name cannot contain spaces or control characters.' });
    expect(parseDefaultBranch('a..b')).toEqual({ ok: false, message: 'A branch name cannot contain "..".' });
    expect(parseDefaultBranch('-x')).toEqual({ ok: false, message: 'A branch name cannot start with "-".' });
    expect(parseDefaultBranch('x'.repeat(256)).ok).toBe(false);
  });
});

describe('deleteProjectConfirmation', () => {
  it('names the project and says its jobs and artifacts, bytes included, go at once', () => {
    const confirmation = deleteProjectConfirmation({ vcsType: 'github', name: 'app' }, 'demo');
    expect(confirmation.title).toBe('Delete project app?');
    expect(confirmation.body).toContain('app (gh/demo/app) and all of its jobs and artifacts, bytes included, are deleted at once');
    expect(confirmation.body).toContain('cannot be undone');
    expect(confirmation.confirmLabel).toBe('Delete app');
  });
});

describe('visibility', () => {
  it('asks before making a private project public, not the other way round', () => {
    expect(visibilityConfirmation({ vcsType: 'github', name: 'app', isPrivate: true }, 'demo')?.body).toContain('Anyone, signed in or not');
    expect(visibilityConfirmation({ vcsType: 'github', name: 'docs', isPrivate: false }, 'demo')).toBeNull();
    expect(visibilityActionLabel({ isPrivate: true })).toBe('Make public');
    expect(visibilityActionLabel({ isPrivate: false })).toBe('Make private');
  });
});

describe('sortProjects', () => {
  it('sorts by name, then VCS', () => {
    const sorted = sortProjects([
      { name: 'web', vcsType: 'github' as const },
      { name: 'app', vcsType: 'github' as const },
      { name: 'app', vcsType: 'bitbucket' as const },
    ]);
    expect(sorted.map((p) => `${p.vcsType}/${p.name}`)).toEqual(['bitbucket/app', 'github/app', 'github/web']);
  });
});
