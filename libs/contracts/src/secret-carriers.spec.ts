import { REDACTED, SECRET_CARRIERS, redactHeaders, redactQuery, redactUrl, type SecretCarriers } from './secret-carriers';

const R = REDACTED;

describe('redactUrl', () => {
  it('redacts circle-token in a relative URL and keeps every other parameter byte for byte', () => {
    expect(redactUrl('/api/v1.1/project/gh/acme/app/42/artifacts?circle-token=stw_abc&branch=a%2Fb+c')).toBe(
      `/api/v1.1/project/gh/acme/app/42/artifacts?circle-token=${R}&branch=a%2Fb+c`,
    );
  });

  it('redacts in an absolute URL, and the user info CircleCI clients put the token in', () => {
    expect(redactUrl('https://stw_abc:@stowage.example.com/api/v2/x?circle-token=stw_abc')).toBe(`https://${R}@stowage.example.com/api/v2/x?circle-token=${R}`);
    expect(redactUrl('postgres://stowage:hunter2@db:5432/stowage')).toBe(`postgres://${R}@db:5432/stowage`);
  });

  it('compares names case-insensitively', () => {
    expect(redactUrl('/x?Circle-Token=a&CIRCLE-TOKEN=b')).toBe(`/x?Circle-Token=${R}&CIRCLE-TOKEN=${R}`);
  });

  it('redacts every occurrence of a repeated parameter', () => {
    expect(redactUrl('/x?circle-token=a&page=2&circle-token=b&circle-token=c')).toBe(`/x?circle-token=${R}&page=2&circle-token=${R}&circle-token=${R}`);
  });

  it('decodes percent-encoded and plus-encoded names, twice-encoded ones too', () => {
    expect(redactUrl('/x?circle%2Dtoken=a&circle%2dtoken=b&%63ircle-token=c&circle%252Dtoken=d')).toBe(
      `/x?circle%2Dtoken=${R}&circle%2dtoken=${R}&%63ircle-token=${R}&circle%252Dtoken=${R}`,
    );
    expect(redactUrl('/x?+signature+=a')).toBe(`/x?+signature+=${R}`);
  });

  it('redacts pairs in the fragment, and stops a value at the fragment', () => {
    expect(redactUrl('/x?circle-token=a#circle-token=b&keep=1')).toBe(`/x?circle-token=${R}#circle-token=${R}&keep=1`);
    expect(redactUrl('/x#section')).toBe('/x#section');
  });

  it('leaves a URL without secrets unchanged, however malformed', () => {
    for (const url of ['/x?a=%zz&b', 'http://[::1', '%', '?', '=', '&&==', 'not a url at all', '', '/x?signature', '/x?signature=']) {
      expect(redactUrl(url)).toBe(url);
    }
  });

  it('redacts secrets in malformed URLs too', () => {
    expect(redactUrl('/x?a=%zz&circle-token=a%zz')).toBe(`/x?a=%zz&circle-token=${R}`);
    expect(redactUrl('http://[::1/x?%zz%2D=1&circle-token=a')).toBe(`http://[::1/x?%zz%2D=1&circle-token=${R}`);
  });

  it('redacts the signed part URLs of the filesystem driver and S3 presigned URLs', () => {
    expect(redactUrl('http://api/api/stowage/v1/uploads/a/parts/1?length=5&expires=9&signature=Zm9v')).toBe(
      `http://api/api/stowage/v1/uploads/a/parts/1?length=5&expires=9&signature=${R}`,
    );
    const presigned =
      'https://s3.example.com/bucket/key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fs3%2Faws4_request' +
      '&X-Amz-Date=20260101T000000Z&X-Amz-Expires=300&X-Amz-Security-Token=FwoG&X-Amz-Signature=abc123&X-Amz-SignedHeaders=host';
    expect(redactUrl(presigned)).toBe(
      `https://s3.example.com/bucket/key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${R}` +
        `&X-Amz-Date=20260101T000000Z&X-Amz-Expires=300&X-Amz-Security-Token=${R}&X-Amz-Signature=${R}&X-Amz-SignedHeaders=host`,
    );
  });

  it('finds URLs inside free text and JSON log lines without touching the text around them', () => {
    expect(redactUrl('Failed to proxy http://api:3000/api/v1.1/x?circle-token=abc Error: connect ECONNREFUSED')).toBe(
      `Failed to proxy http://api:3000/api/v1.1/x?circle-token=${R} Error: connect ECONNREFUSED`,
    );
    expect(redactUrl('{"url":"/x?circle-token=abc","location":"https://s3/k?X-Amz-Signature=def"}')).toBe(
      `{"url":"/x?circle-token=${R}","location":"https://s3/k?X-Amz-Signature=${R}"}`,
    );
  });

  it('redacts a secret path segment for each prefix a route adds to the list', () => {
    const withShareLinks: SecretCarriers = { ...SECRET_CARRIERS, pathPrefixes: ['/s/'] };
    expect(redactUrl('/s/sharesecret/file.txt?x=1', withShareLinks)).toBe(`/s/${R}/file.txt?x=1`);
    expect(redactUrl('https://stowage.example.com/s/sharesecret', withShareLinks)).toBe(`https://stowage.example.com/s/${R}`);
    expect(redactUrl('{"url":"/s/sharesecret"}', withShareLinks)).toBe(`{"url":"/s/${R}"}`);
    // Only at the path's root: an artifact directory called "s" is not a share link.
    expect(redactUrl('/output/job/1/artifacts/0/s/report.txt', withShareLinks)).toBe('/output/job/1/artifacts/0/s/report.txt');
    // Share links are routes now: the default carriers redact their secret, and a list without the prefix does not.
    expect(redactUrl('/s/sharesecret/archive.zip')).toBe(`/s/${R}/archive.zip`);
    expect(redactUrl('/s/sharesecret', { ...SECRET_CARRIERS, pathPrefixes: [] })).toBe('/s/sharesecret');
  });
});

describe('redactHeaders', () => {
  it('blanks secret headers whatever their case, and redacts URLs in the others', () => {
    expect(
      redactHeaders({
        Authorization: 'Basic c3R3X2FiYzo=',
        'circle-token': 'stw_abc',
        cookie: 'stowage_session=sess_abc',
        'set-cookie': ['stowage_session=sess_abc; HttpOnly'],
        location: 'https://s3/k?X-Amz-Signature=abc&X-Amz-Expires=300',
        link: ['</x?circle-token=a>; rel="next"'],
        'content-length': 12,
        accept: 'application/json',
      }),
    ).toEqual({
      Authorization: R,
      'circle-token': R,
      cookie: R,
      'set-cookie': R,
      location: `https://s3/k?X-Amz-Signature=${R}&X-Amz-Expires=300`,
      link: [`</x?circle-token=${R}>; rel="next"`],
      'content-length': 12,
      accept: 'application/json',
    });
  });
});

describe('redactQuery', () => {
  it('blanks secret parameters however their name is spelt and keeps the others', () => {
    expect(redactQuery({ 'circle-token': 'a', 'Circle-Token': 'b', 'circle%2Dtoken': 'c', signature: 'd', length: '5' })).toEqual({
      'circle-token': R,
      'Circle-Token': R,
      'circle%2Dtoken': R,
      signature: R,
      length: '5',
    });
  });
});
