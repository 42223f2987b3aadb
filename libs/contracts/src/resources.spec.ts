import { ApiTokenSchema, CreateProjectTokenRequestSchema, PROJECT_TOKEN_SCOPES, TOKEN_SCOPES } from './resources';

describe('token scopes', () => {
  it('lets a project token be created with upload, read or upload-read, never all', () => {
    expect(PROJECT_TOKEN_SCOPES).toEqual(['upload', 'read', 'upload-read']);
    for (const scope of PROJECT_TOKEN_SCOPES) expect(CreateProjectTokenRequestSchema.safeParse({ name: 'ci', scope }).success).toBe(true);
    expect(CreateProjectTokenRequestSchema.safeParse({ name: 'ci', scope: 'all' }).success).toBe(false);
    expect(CreateProjectTokenRequestSchema.safeParse({ name: 'ci', scope: 'upload_read' }).success).toBe(false);
  });

  it('lists a token with any scope, personal or project', () => {
    expect(TOKEN_SCOPES).toEqual(['all', 'upload', 'read', 'upload-read']);
    expect(ApiTokenSchema.shape.scope.options).toEqual(TOKEN_SCOPES);
  });
});
