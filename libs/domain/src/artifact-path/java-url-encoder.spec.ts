import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { validateArtifactPath } from './artifact-path';
import { parseDisplayedName } from './displayed-name.spec-helper';
import {
  InvalidEncodingError,
  decodeArtifactPath,
  decodeJavaUrlComponent,
  encodeArtifactPath,
  encodeJavaUrlComponent,
} from './java-url-encoder';

/** Outputs of Java 17's `URLEncoder.encode(input, "UTF-8")`, recorded once from a real JVM. */
const JAVA_ENCODED: Array<[input: string, java: string]> = [
  ['a b+c', 'a+b%2Bc'],
  ['plain.txt', 'plain.txt'],
  ['my report.html', 'my+report.html'],
  ['100%', '100%25'],
  ['%2B', '%252B'],
  ['#1', '%231'],
  ['what?', 'what%3F'],
  ['a&b=c', 'a%26b%3Dc'],
  ["it's", 'it%27s'],
  ['say "hi"', 'say+%22hi%22'],
  ['*', '*'],
  ['-_.*', '-_.*'],
  ['~', '%7E'],
  ['~/x', '%7E%2Fx'],
  ["!'()", '%21%27%28%29'],
  [':;,@$', '%3A%3B%2C%40%24'],
  ['[]{}|^`<>', '%5B%5D%7B%7D%7C%5E%60%3C%3E'],
  ['a/b', 'a%2Fb'],
  ['a\\b', 'a%5Cb'],
  ['tab\there', 'tab%09here'],
  ['new\nline', 'new%0Aline'],
  ['\u0000', '%00'],
  ['\u007f', '%7F'],
  ['\u0080', '%C2%80'],
  ['\u00a0', '%C2%A0'],
  ['\ufeff', '%EF%BB%BF'],
  ['\uffff', '%EF%BF%BF'],
  ['café', 'caf%C3%A9'],
  ['日本語', '%E6%97%A5%E6%9C%AC%E8%AA%9E'],
  ['русский', '%D1%80%D1%83%D1%81%D1%81%D0%BA%D0%B8%D0%B9'],
  ['😀', '%F0%9F%98%80'],
  ['👨‍👩‍👧', '%F0%9F%91%A8%E2%80%8D%F0%9F%91%A9%E2%80%8D%F0%9F%91%A7'],
  ['', ''],
  [' ', '+'],
  ['+', '%2B'],
];

/** Rows of the markdown table that follows `marker` in docs/artifact-paths.md, header and rule left out. */
function docsTable(marker: string): string[][] {
  const lines = readFileSync(resolve(__dirname, '../../../../docs/artifact-paths.md'), 'utf8').split('\n');
  let i = lines.findIndex((line) => line.includes(marker));
  if (i === -1) throw new Error(`no "${marker}" in docs/artifact-paths.md`);
  while (!lines[i].startsWith('|')) i++;
  const rows: string[][] = [];
  for (; i < lines.length && lines[i].startsWith('|'); i++) {
    rows.push(lines[i].trim().slice(1, -1).split('|').map((cell) => cell.trim()));
  }
  return rows.slice(2);
}
/** A name cell, written in its displayed form (`\t` for a tab), read back to the name. */
const code = (cell: string) => parseDisplayedName(/^`(.*)`$/.exec(cell)?.[1] ?? cell);

describe('encodeJavaUrlComponent', () => {
  it.each(JAVA_ENCODED)('encodes %j as Java does: %j', (input, java) => {
    expect(encodeJavaUrlComponent(input)).toBe(java);
  });

  it('refuses an unpaired surrogate instead of writing "%3F" as Java does', () => {
    expect(() => encodeJavaUrlComponent('a\uD800b')).toThrow(InvalidEncodingError);
    expect(() => encodeJavaUrlComponent('\uDC00x')).toThrow(/unpaired UTF-16 surrogate at index 0/);
  });

  /** Java's encoding by other means: encodeURIComponent, then the five it leaves alone, and + for space. */
  const oracle = (s: string) =>
    encodeURIComponent(s)
      .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%20/g, '+');

  it('matches encodeURIComponent once "!\'()~" are escaped and "%20" is "+" (an independent oracle)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(encodeJavaUrlComponent(s)).toBe(oracle(s));
      }),
    );
  });

  it('matches the oracle on ASCII text too, which takes a path of its own (no UTF-8 bytes)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii' }), (s) => {
        expect(encodeJavaUrlComponent(s)).toBe(oracle(s));
      }),
    );
  });

  it.each([
    ['tab\there', 'tab%09here'],
    ['new\nline', 'new%0Aline'],
    ['\u001b[31m', '%1B%5B31m'],
    ['del\u007f', 'del%7F'],
    ['nel\u0085', 'nel%C2%85'],
    ['\u202etxt.exe', '%E2%80%AEtxt.exe'],
    // Recorded from Java 17's URLEncoder, like JAVA_ENCODED.
  ])('escapes the control or format character in %j like any other byte, as Java does: %j (and the oracle agrees)', (input, encoded) => {
    expect(encodeJavaUrlComponent(input)).toBe(encoded);
    expect(oracle(input)).toBe(encoded);
    expect(decodeJavaUrlComponent(encoded)).toBe(input);
  });

  it('only ever outputs [A-Za-z0-9.*_+%-]', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => /^[A-Za-z0-9.*_+%-]*$/.test(encodeJavaUrlComponent(s))),
    );
  });
});

describe('decodeJavaUrlComponent', () => {
  it.each(JAVA_ENCODED)('decodes Java\'s encoding of %j back', (input, java) => {
    expect(decodeJavaUrlComponent(java)).toBe(input);
  });

  it('round-trips any string without unpaired surrogates', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => decodeJavaUrlComponent(encodeJavaUrlComponent(s)) === s));
  });

  it.each([
    ['a+b%2bc', 'a b+c', 'lowercase hex, as URLDecoder accepts'],
    ['caf%c3%a9', 'café', 'lowercase hex in a multi-byte character'],
    ["it's~(1)!", "it's~(1)!", 'characters browsers leave unescaped stand for themselves'],
    ['café 日本', 'café 日本', 'raw non-ASCII stands for itself'],
    ['%EF%BB%BFa', '\uFEFFa', 'a leading U+FEFF is a character of the name, not a BOM to drop'],
    ['%F0%9F%98%80%F0%9F%98%80', '😀😀', 'one run of escapes may hold several characters'],
  ])('decodes %j as %j (%s)', (encoded, decoded) => {
    expect(decodeJavaUrlComponent(encoded)).toBe(decoded);
  });

  it.each([
    ['%', 0],
    ['abc%', 3],
    ['%2', 0],
    ['a%2', 1],
    ['%G1', 0],
    ['%1G', 0],
    ['%%41', 0],
    ['ok%41%4', 5],
    ['% 41', 0],
  ])('refuses the malformed escape in %j (at index %d)', (encoded, index) => {
    const error = catchError(() => decodeJavaUrlComponent(encoded));
    expect(error).toBeInstanceOf(InvalidEncodingError);
    expect(error).toMatchObject({ index, input: encoded, kind: 'invalid_input' });
    expect((error as Error).message).toMatch(/two hexadecimal digits/);
  });

  it.each([
    ['%E9', 'a Latin-1 byte on its own'],
    ['caf%C3', 'a truncated sequence'],
    ['%FF', 'a byte UTF-8 never uses'],
    ['%C0%AF', 'an overlong "/"'],
    ['%ED%A0%80', 'an encoded surrogate'],
    ['%F4%90%80%80', 'a code point above U+10FFFF'],
    ['%80', 'a lone continuation byte'],
  ])('refuses %j, which is not UTF-8 (%s), where Java would write U+FFFD', (encoded) => {
    expect(() => decodeJavaUrlComponent(encoded)).toThrow(InvalidEncodingError);
    expect(() => decodeJavaUrlComponent(encoded)).toThrow(/not valid UTF-8/);
  });

  it('refuses a raw unpaired surrogate', () => {
    expect(() => decodeJavaUrlComponent('a\uD800')).toThrow(InvalidEncodingError);
  });
});

describe('encodeArtifactPath / decodeArtifactPath', () => {
  it('encodes an ASCII path in one pass exactly as segment by segment', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'Z', '0', '.', '*', '_', '-', '/', ' ', '+', '%', '~', '?', '#', '&', '\\', '\u0000', '\u007f') }), (path) => {
        expect(encodeArtifactPath(path)).toBe(path.split('/').map(encodeJavaUrlComponent).join('/'));
      }),
    );
  });

  it('encodes segment by segment, so "/" stays a separator', () => {
    expect(encodeArtifactPath('reports/v1/my report.html')).toBe('reports/v1/my+report.html');
    expect(encodeArtifactPath('données/日本語/a+b')).toBe('donn%C3%A9es/%E6%97%A5%E6%9C%AC%E8%AA%9E/a%2Bb');
    expect(decodeArtifactPath('donn%C3%A9es/%E6%97%A5%E6%9C%AC%E8%AA%9E/a%2Bb')).toBe('données/日本語/a+b');
  });

  it.each(['a%2Fb', 'a%2fb', 'x/..%2F..%2Fetc/passwd', '%2F'])(
    'refuses %j: a segment that decodes to a "/" would be a separator in disguise',
    (encoded) => {
      expect(() => decodeArtifactPath(encoded)).toThrow(InvalidEncodingError);
      expect(() => decodeArtifactPath(encoded)).toThrow(/cannot contain a separator/);
    },
  );

  it('reports an error inside a later segment with its index in the whole path', () => {
    expect(catchError(() => decodeArtifactPath('ok/fine/%ZZ'))).toMatchObject({ index: 8, input: 'ok/fine/%ZZ' });
  });

  it('decodes "." and ".." segments, which the path validator then refuses', () => {
    const decoded = decodeArtifactPath('a/%2E%2E/b');
    expect(decoded).toBe('a/../b');
    expect(validateArtifactPath(decoded)).toEqual({ ok: false, reason: expect.stringMatching(/"\.\." segment/) });
  });

  it('round-trips any path of segments without "/"', () => {
    const segment = fc.string({ unit: 'binary' }).map((s) => s.replace(/\//g, '_'));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
        const path = segments.join('/');
        return decodeArtifactPath(encodeArtifactPath(path)) === path;
      }),
    );
  });

  it.each(docsTable('encoding-table').map((row) => [code(row[0]), code(row[1])]))(
    'docs/artifact-paths.md: %j is %j in a URL',
    (path, url) => {
      expect(encodeArtifactPath(path)).toBe(url);
      expect(decodeArtifactPath(url)).toBe(path);
    },
  );
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
