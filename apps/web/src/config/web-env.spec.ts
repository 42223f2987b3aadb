import { parseWebEnv } from './web-env';

describe('parseWebEnv', () => {
  it('defaults to the API on this machine', () => {
    expect(parseWebEnv({})).toEqual({ STOWAGE_API_URL: 'http://127.0.0.1:3000' });
  });

  it('drops trailing slashes so paths can be appended', () => {
    expect(parseWebEnv({ STOWAGE_API_URL: 'https://stowage.example.com/' }).STOWAGE_API_URL).toBe('https://stowage.example.com');
  });

  it('refuses what is not an http(s) URL, naming the variable', () => {
    expect(() => parseWebEnv({ STOWAGE_API_URL: 'ftp://x' })).toThrow(/STOWAGE_API_URL/);
  });
});
