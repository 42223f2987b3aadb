import { TOKEN_SCOPES } from '@stowage/contracts';
import { tokenScopeOf, tokenScopeRecordOf } from './record-vocabulary';

describe('token scopes between the contracts and the records', () => {
  it('stores upload-read as UPLOAD_READ (not a lower-cased record) and reads it back', () => {
    expect(tokenScopeRecordOf('upload-read')).toBe('UPLOAD_READ');
    expect(tokenScopeOf('UPLOAD_READ')).toBe('upload-read');
  });

  it.each(TOKEN_SCOPES)('round-trips %s', (scope) => {
    expect(tokenScopeOf(tokenScopeRecordOf(scope))).toBe(scope);
  });
});
