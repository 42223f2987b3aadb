import { artifactUrl, artifactUrlPathPrefix } from './artifact-url';

describe('artifactUrl', () => {
  test('builds CircleCI\'s download URL shape with the path Java-URL-encoded', () => {
    expect(artifactUrl('https://a.test', 'j-1', 2, 'dir with spaces/r$sum+é.txt')).toBe(
      'https://a.test/output/job/j-1/artifacts/2/dir+with+spaces/r%24sum%2B%C3%A9.txt',
    );
  });
  test('the path prefix is the URL\'s path up to the artifact path', () => {
    expect(artifactUrlPathPrefix('j-1', '0')).toBe('/output/job/j-1/artifacts/0/');
  });
});
