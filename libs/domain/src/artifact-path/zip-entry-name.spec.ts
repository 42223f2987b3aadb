import fc from 'fast-check';
import { zipEntryName } from './zip-entry-name';

/** What archiver does to a name before writing it (archiver-utils sanitizePath, normalize-path). */
const archiverSanitize = (name: string) =>
  name.split(/[/\\]+/).join('/').replace(/^\w+:/, '').replace(/^(\.\.\/|\/)+/, '');

describe('zipEntryName', () => {
  it.each([
    ['tab\there/new\nline.txt', 'tab\there/new\nline.txt'],
    ['a\\..\\..\\evil', 'a%5C..%5C..%5Cevil'],
    ['c:/x', 'c%3A/x'],
    ['dir/c:x', 'dir/c:x'],
    ['résumé 😀.pdf', 'résumé 😀.pdf'],
  ])('names %j as %j', (path, entry) => {
    expect(zipEntryName(path)).toBe(entry);
  });

  it('gives names archiver keeps as they are, so no entry ever holds a ".." segment', () => {
    const segment = fc
      .string({ unit: fc.constantFrom('a', '.', '\\', ':', '\t', '\n', 'é', '%'), minLength: 1, maxLength: 8 })
      .filter((s) => s !== '.' && s !== '..');
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), (segments) => {
        const entry = zipEntryName(segments.join('/'));
        expect(archiverSanitize(entry)).toBe(entry);
        expect(entry.split('/')).not.toContain('..');
      }),
    );
  });
});
