import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { displayArtifactPath, displayFileNameBytes, displayText, isUtf8 } from './artifact-path-display';
import { parseDisplayedBytes, parseDisplayedName } from './displayed-name.spec-helper';

/** What must never reach a terminal or a page raw: controls, separators, other spaces, format and invisible characters. */
const DANGEROUS = /[\p{Cc}\p{Cs}\p{Zl}\p{Zp}\p{Cf}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}/u;
/** Any UTF-16 code unit, so lone surrogates come up too. */
const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) });
/** Mostly the characters that matter here, so they meet each other and backslashes often. */
const tricky = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\\', 'x', 'u', '{', '1', 'b', 't', 'n', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u00a0', '\u202e', '\u200b', '\ufeff', '\u2028', 'é', '😀', '\u{e0001}', '\ud800'),
    fc.string({ unit: 'binary', maxLength: 1 }),
  ),
});

describe('displayArtifactPath', () => {
  it.each([
    ['plain/name.txt', 'plain/name.txt'],
    ['tab\there', 'tab\\there'],
    ['new\nline', 'new\\nline'],
    ['cr\r', 'cr\\r'],
    ['\u001b[31mred', '\\x1b[31mred'],
    ['bell\u0007', 'bell\\x07'],
    ['del\u007f', 'del\\x7f'],
    ['nel\u0085', 'nel\\u0085'],
    ['\u202etxt.exe', '\\u202etxt.exe'],
    ['a\u2066b\u2069', 'a\\u2066b\\u2069'],
    ['lrm\u200e rlm\u200f alm\u061c', 'lrm\\u200e rlm\\u200f alm\\u061c'],
    ['zw\u200b\u200c\u200d\u2060\ufeff', 'zw\\u200b\\u200c\\u200d\\u2060\\ufeff'],
    ['nbsp\u00a0', 'nbsp\\u00a0'],
    ['line\u2028para\u2029', 'line\\u2028para\\u2029'],
    ['filler\u3164', 'filler\\u3164'],
    ['tag\u{e0041}', 'tag\\u{e0041}'],
    ['a\\b', 'a\\\\b'],
    ['a\\tb', 'a\\\\tb'], // a real backslash + t is not a tab
    ['données/日本語/résumé 😀.pdf', 'données/日本語/résumé 😀.pdf'],
    ['e\u0301', 'e\u0301'], // combining marks stay: scripts need them
    ['lone\ud800', 'lone\\ud800'],
  ])('shows %j as %s', (name, shown) => {
    expect(displayArtifactPath(name)).toBe(shown);
  });

  it('never outputs a control, format or invisible character', () => {
    fc.assert(fc.property(utf16, (name) => !DANGEROUS.test(displayArtifactPath(name))));
    fc.assert(fc.property(tricky, (name) => !DANGEROUS.test(displayArtifactPath(name))));
  });

  it('is injective: every display parses back to its name, so one name never shows as another', () => {
    fc.assert(fc.property(utf16, (name) => parseDisplayedName(displayArtifactPath(name)) === name));
    fc.assert(fc.property(tricky, (name) => parseDisplayedName(displayArtifactPath(name)) === name));
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (name) => parseDisplayedName(displayArtifactPath(name)) === name));
  });

  it('leaves printable text as it is', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '/', '.', 'é', '日', '😀', '"', "'", '%', '+') }), (name) => displayArtifactPath(name) === name));
  });
});

describe('displayText', () => {
  it('escapes controls and invisible characters but leaves backslashes, which may already be escapes', () => {
    expect(displayText('400 "a\\tb": refused\n\u001b[2K')).toBe('400 "a\\tb": refused\\n\\x1b[2K');
    fc.assert(fc.property(utf16, (text) => !DANGEROUS.test(displayText(text))));
  });
});

describe('displayFileNameBytes', () => {
  it('writes each byte that is not UTF-8 as \\xNN and displays the rest as text', () => {
    expect(displayFileNameBytes(Buffer.from([0x62, 0x61, 0x64, 0xff, 0x2e, 0x74, 0x78, 0x74]))).toBe('bad\\xff.txt');
    expect(displayFileNameBytes(Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from('\t日')]))).toBe('caf\\xe9\\t日');
    expect(displayFileNameBytes(Buffer.from([0xc0, 0xaf]))).toBe('\\xc0\\xaf'); // an overlong "/"
    expect(displayFileNameBytes(Buffer.from([0xed, 0xa0, 0x80]))).toBe('\\xed\\xa0\\x80'); // an encoded surrogate
    expect(displayFileNameBytes(Buffer.from([0xe6, 0x97]))).toBe('\\xe6\\x97'); // a truncated "日"
  });

  it('equals displayArtifactPath for a UTF-8 name', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (name) => displayFileNameBytes(Buffer.from(name, 'utf8')) === displayArtifactPath(name)));
  });

  it('is injective over bytes too: the display parses back to the exact bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        const shown = displayFileNameBytes(bytes);
        expect(DANGEROUS.test(shown)).toBe(false);
        expect(parseDisplayedBytes(shown).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });
});

describe('isUtf8', () => {
  it('agrees with a fatal TextDecoder on any bytes', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const decodes = (bytes: Uint8Array) => {
      try {
        decoder.decode(bytes);
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 16 }), (bytes) => isUtf8(bytes) === decodes(bytes)));
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => isUtf8(Buffer.from(s, 'utf8'))));
  });
});

describe('docs/artifact-paths.md, display table', () => {
  const lines = readFileSync(resolve(__dirname, '../../../../docs/artifact-paths.md'), 'utf8').split('\n');
  let i = lines.findIndex((line) => line.includes('display-table'));
  while (!lines[i].startsWith('|')) i++;
  const rows: string[][] = [];
  for (; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i].trim().slice(1, -1).split('|').map((cell) => cell.trim()));
  const code = (cell: string) => /^`(.*)`$/.exec(cell)?.[1] ?? cell;

  it.each(rows.slice(2).map((row) => [row[0], code(row[1])]))('%s is shown as %s', (characters, shown) => {
    // "U+0009" or a range "U+202A–U+202E": every code point of it is shown as the row says, with its own hex.
    const [from, to = from] = characters.match(/U\+[0-9A-F]+/g)!.map((label) => parseInt(label.slice(2), 16));
    for (let code = from; code <= to; code++) {
      const expected = shown.replace(/N+/, (digits) => code.toString(16).padStart(digits.length, '0'));
      expect(displayArtifactPath(String.fromCodePoint(code))).toBe(expected);
    }
  });
});
