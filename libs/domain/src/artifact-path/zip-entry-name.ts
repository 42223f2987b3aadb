/**
 * An artifact's name inside a "download all" zip. Zip names separate folders with `/` alone
 * (APPNOTE.TXT 4.4.17), extractors take `\` for a separator too, and archiver rewrites every `\` to
 * `/` (normalize-path): `a\..\..\evil`, one valid artifact name, would come out as a path climbing
 * out of the extraction directory. So `\` is written `%5C` (as in the artifact's URL). A leading
 * `word:` is written `word%3A`, since archiver strips it as a drive letter (`c:` on Windows) and
 * the name would lose it. Everything else is kept exactly, control characters included: the zip
 * records the UTF-8 name, and a tab or a newline is as safe there as on the disk it came from.
 */
export function zipEntryName(path: string): string {
  return path.replace(/\\/g, '%5C').replace(/^(\w+):/, '$1%3A');
}
