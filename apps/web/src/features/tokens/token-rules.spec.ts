import { PROJECT_TOKEN_SCOPE_OPTIONS, parseProjectTokenForm, revokeTokenConfirmation, sortTokens } from './token-rules';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};

describe('parseProjectTokenForm', () => {
  it('accepts a name and the upload, read or upload-read scope', () => {
    expect(parseProjectTokenForm(form({ name: ' ci ', scope: 'upload' }))).toEqual({ ok: true, value: { name: 'ci', scope: 'upload' } });
    expect(parseProjectTokenForm(form({ name: 'reader', scope: 'read' }))).toEqual({ ok: true, value: { name: 'reader', scope: 'read' } });
    expect(parseProjectTokenForm(form({ name: 'ci-both', scope: 'upload-read' }))).toEqual({ ok: true, value: { name: 'ci-both', scope: 'upload-read' } });
  });

  it('refuses an empty name and the "all" scope, which project tokens cannot have', () => {
    expect(parseProjectTokenForm(form({ name: '  ', scope: 'upload' }))).toEqual({ ok: false, message: expect.stringMatching(/name/) });
    expect(parseProjectTokenForm(form({ name: 'x', scope: 'all' }))).toEqual({ ok: false, message: expect.stringMatching(/scope/) });
  });
});

describe('PROJECT_TOKEN_SCOPE_OPTIONS', () => {
  it('offers every project token scope, each with its label, and never "all"', () => {
    expect(PROJECT_TOKEN_SCOPE_OPTIONS.map(({ value, label }) => [value, label])).toEqual([
      ['upload', 'Upload'],
      ['read', 'Read'],
      ['upload-read', 'Upload and read'],
    ]);
  });
});

describe('sortTokens', () => {
  it('lists active tokens first, newest first', () => {
    const tokens = [
      { id: 'old', revokedAt: null, createdAt: '2024-01-01T00:00:00Z' },
      { id: 'revoked', revokedAt: '2024-03-01T00:00:00Z', createdAt: '2024-02-15T00:00:00Z' },
      { id: 'new', revokedAt: null, createdAt: '2024-02-01T00:00:00Z' },
    ];
    expect(sortTokens(tokens).map((token) => token.id)).toEqual(['new', 'old', 'revoked']);
  });
});

describe('revokeTokenConfirmation', () => {
  it('names the token and who stops working', () => {
    const confirmation = revokeTokenConfirmation({ name: 'ci', prefix: 'stw_ab12', kind: 'project', project: 'gh/demo/app' });
    expect(confirmation.title).toBe('Revoke token “ci”?');
    expect(confirmation.body).toBe('The token stw_ab12… stops working at once: CI jobs and clients using it for gh/demo/app will be refused. This cannot be undone.');
  });
});
