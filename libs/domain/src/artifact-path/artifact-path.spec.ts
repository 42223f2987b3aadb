import fc from 'fast-check';
import {
  InvalidArtifactPathError,
  MAX_ARTIFACT_PATH_BYTES,
  assertArtifactPath,
  joinArtifactPath,
  utf8ByteLength,
  validateArtifactPath,
} from './artifact-path';

const reasonFor = (path: string) => {
  const result = validateArtifactPath(path);
  return result.ok ? undefined : result.reason;
};

describe('validateArtifactPath', () => {
  it.each([
    ['a'],
    ['tmp/artifacts/artifact-2'],
    ['.env'],
    ['out/.git/config'],
    ['...'],
    ['..hidden/x..'],
    ['my report (final).html'],
    ['~/x'],
    ['a\\b'],
    ['100%/%2F'],
    ['données/日本語/résumé.pdf'],
    ['русский/😀.png'],
    ['e\u0301'], // NFD is kept as it is, not normalised
    ['\u00a0nbsp'],
    // Every character a Linux file name can hold but NUL: CircleCI stores these too.
    ['tab\there'],
    ['new\nline'],
    ['cr\r'],
    ['\u001b[31mred'],
    ['del\u007f'],
    ['nel\u0085'],
    ['c1\u009f'],
    ['\u202Etxt.exe'],
    ['zero\u200Bwidth\uFEFF'],
    ['x'.repeat(MAX_ARTIFACT_PATH_BYTES)],
  ])('accepts %j', (path) => {
    expect(validateArtifactPath(path)).toEqual({ ok: true });
  });

  it.each([
    ['', /is empty/],
    ['/tmp/a', /must be relative: it must not start with "\/"/],
    ['/', /must not start with "\/"/],
    ['tmp/out/', /must name a file: it must not end with "\/"/],
    ['a//b', /empty segment/],
    ['.', /"\." segment/],
    ['..', /"\.\." segment/],
    ['a/./b', /"\." segment/],
    ['a/../b', /"\.\." segment/],
    ['../etc/passwd', /"\.\." segment/],
    ['a/..', /"\.\." segment/],
    ['a\u0000b', /U\+0000 \(NUL\) at index 1/],
    ['tab\t/\u0000', /U\+0000 \(NUL\) at index 5/],
    ['lone\uD800', /unpaired surrogate at index 4/],
    ['\uDC00', /unpaired surrogate at index 0/],
  ])('rejects %j', (path, reason) => {
    expect(reasonFor(path)).toMatch(reason);
  });

  it('gives reasons that are whole sentences a 400 can show', () => {
    for (const path of ['', '/a', 'a/', 'a//b', 'a/../b', 'a\u0000', 'x'.repeat(2000), '\uD800']) {
      expect(reasonFor(path)).toMatch(/^The artifact path .+\.$/);
    }
  });

  describe('the 1024-byte limit counts UTF-8 bytes, not characters', () => {
    it.each([
      ['1024 ASCII characters', 'a'.repeat(1024), true],
      ['1025 ASCII characters', 'a'.repeat(1025), false],
      ['512 × "é" (2 bytes each) = 1024 bytes', 'é'.repeat(512), true],
      ['513 × "é" = 1026 bytes in 513 characters', 'é'.repeat(513), false],
      ['341 × "日" (3 bytes) + "a" = 1024 bytes', '日'.repeat(341) + 'a', true],
      ['341 × "日" + "ab" = 1025 bytes in 343 characters', '日'.repeat(341) + 'ab', false],
      ['256 × "😀" (4 bytes, 2 UTF-16 units) = 1024 bytes', '😀'.repeat(256), true],
      ['256 × "😀" + "a" = 1025 bytes in 513 UTF-16 units', '😀'.repeat(256) + 'a', false],
      ['segments and separators count too: 1022 + "/" + "b" = 1024', `${'a'.repeat(1022)}/b`, true],
    ])('%s', (_, path, accepted) => {
      expect(validateArtifactPath(path).ok).toBe(accepted);
      if (!accepted) expect(reasonFor(path)).toMatch(/is 10\d\d bytes long in UTF-8; the limit is 1024 bytes/);
    });

    it('utf8ByteLength agrees with Buffer.byteLength for any well-formed string', () => {
      fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => utf8ByteLength(s) === Buffer.byteLength(s, 'utf8')));
    });
  });

  it('never accepts a path with a forbidden segment, a NUL or more than 1024 bytes', () => {
    // Mostly separators and dots, so the forbidden shapes come up often.
    const char = fc.constantFrom('/', '/', '.', '.', 'a', 'é', '日', '😀', ' ', '\u0000', '\n', '\u007f', '\u0085', '\uD800');
    const path = fc.oneof(
      fc.string({ unit: char, maxLength: 12 }),
      fc.string({ unit: char, minLength: 1020, maxLength: 1030 }),
    );
    fc.assert(
      fc.property(path, (p) => {
        fc.pre(validateArtifactPath(p).ok);
        for (const segment of p.split('/')) expect(['', '.', '..']).not.toContain(segment);
        expect(p).not.toContain('\u0000');
        expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(MAX_ARTIFACT_PATH_BYTES);
        expect(Buffer.from(p, 'utf8').toString('utf8')).toBe(p); // no lone surrogates
      }),
      { numRuns: 500 },
    );
  });

  it('accepts every path of segments holding anything but NUL and "/", controls included', () => {
    const segment = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 20 })
      .map((s) => s.replace(/[\u0000/]/g, '_'))
      .filter((s) => s !== '.' && s !== '..');
    fc.assert(fc.property(fc.array(segment, { minLength: 1, maxLength: 8 }), (segments) => validateArtifactPath(segments.join('/')).ok));
  });
});

describe('assertArtifactPath', () => {
  it('returns a canonical path and throws InvalidArtifactPathError (an invalid_input domain error) otherwise', () => {
    expect(assertArtifactPath('a/b')).toBe('a/b');
    expect(() => assertArtifactPath('a/../b')).toThrow(InvalidArtifactPathError);
    expect(() => assertArtifactPath('a/../b')).toThrow(expect.objectContaining({ kind: 'invalid_input', path: 'a/../b' }));
  });
});

describe('joinArtifactPath', () => {
  it('joins fragments with one "/", fragments may hold "/" themselves', () => {
    expect(joinArtifactPath('reports/v1', 'css/site.css')).toBe('reports/v1/css/site.css');
    expect(joinArtifactPath('a', 'b', 'c')).toBe('a/b/c');
  });

  it('leaves out empty fragments, so an empty prefix means the top level', () => {
    expect(joinArtifactPath('', 'a.txt')).toBe('a.txt');
  });

  it.each([
    [['a/', 'b']],
    [['/a', 'b']],
    [['a', '../b']],
    [['a', '.']],
    [[]],
    [['', '']],
  ])('refuses to build a non-canonical path from %j rather than guess', (segments) => {
    expect(() => joinArtifactPath(...segments)).toThrow(InvalidArtifactPathError);
  });
});
