/**
 * How an artifact path (or a file name) is shown to a person: in the web app, in the CLI's output,
 * in error messages. A name may hold anything but NUL, so it is never shown raw: a newline could
 * fake a log line, ESC could move a terminal's cursor, and a bidirectional override or a zero-width
 * character could make one name look like another (`\u202etxt.exe` reads as `exe.txt`).
 *
 * The escapes are JavaScript's: `\t` `\n` `\r`, `\xNN` for the other C0 controls and DEL (and for
 * a byte that is not UTF-8, see {@link displayFileNameBytes}), `\uNNNN` (or `\u{NNNNN}`) for
 * everything else escaped, and `\\` for a backslash itself, so that the display is injective: two
 * different names are never shown alike (the spec proves it by parsing the display back).
 */

/**
 * What is escaped: controls (C0, DEL, C1), unpaired surrogates, line and paragraph separators,
 * every space but U+0020 (a no-break space would pass for a space), format characters (bidi
 * overrides and isolates, U+061C, U+200E/U+200F, zero-width U+200B–U+200D, U+2060, U+FEFF, tags…),
 * and Unicode's default-ignorable code points: the characters a renderer shows as nothing at all
 * (variation selectors, U+034F, the Hangul fillers U+115F/U+1160/U+3164/U+FFA0, U+180B–U+180F…).
 * Combining marks stay: escaping them would make most of the world's scripts unreadable.
 */
const SHOWN_ESCAPED = /[\p{Cc}\p{Cs}\p{Zl}\p{Zp}\p{Cf}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}/gu;
const SHOWN_ESCAPED_OR_BACKSLASH = new RegExp(`\\\\|${SHOWN_ESCAPED.source}`, 'gu');

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0');

function escapeCharacter(char: string): string {
  const short = SHORT_ESCAPES[char];
  if (short) return short;
  const code = char.codePointAt(0) ?? 0;
  // C0 and DEL as `\xNN`, like a byte: they are one byte in UTF-8, so the two readings agree.
  if (code < 0x80) return `\\x${hex(code, 2)}`;
  return code > 0xffff ? `\\u{${hex(code, 5)}}` : `\\u${hex(code, 4)}`;
}

/** A name as it may be shown: every control, invisible or format character and `\` escaped. */
export function displayArtifactPath(path: string): string {
  return path.replace(SHOWN_ESCAPED_OR_BACKSLASH, escapeCharacter);
}

/**
 * Text that is not a name, but may carry one a server or the system put in it (an error message):
 * controls and invisible characters escaped as in {@link displayArtifactPath}, backslashes left
 * alone, since the text may already hold names displayed by that function. Not injective; safe to print.
 */
export function displayText(text: string): string {
  return text.replace(SHOWN_ESCAPED, escapeCharacter);
}

/** Length of the UTF-8 sequence starting at `bytes[i]`, or 0 when it is not well-formed (RFC 3629 §4). */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const first = bytes[i];
  if (first < 0x80) return 1;
  let length: number;
  let min = 0x80;
  let max = 0xbf;
  if (first >= 0xc2 && first <= 0xdf) length = 2;
  else if (first >= 0xe0 && first <= 0xef) {
    length = 3;
    if (first === 0xe0) min = 0xa0; // overlong
    if (first === 0xed) max = 0x9f; // a surrogate
  } else if (first >= 0xf0 && first <= 0xf4) {
    length = 4;
    if (first === 0xf0) min = 0x90; // overlong
    if (first === 0xf4) max = 0x8f; // above U+10FFFF
  } else return 0;
  if (i + length > bytes.length) return 0;
  if (bytes[i + 1] < min || bytes[i + 1] > max) return 0;
  for (let k = 2; k < length; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return 0;
  return length;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A file name as the filesystem gave it (bytes, which need not be UTF-8) shown as
 * {@link displayArtifactPath} shows text, each byte that is not part of a well-formed UTF-8
 * sequence written `\xNN`: `bad\xff.txt`. For valid UTF-8 it equals `displayArtifactPath`.
 */
export function displayFileNameBytes(bytes: Uint8Array): string {
  let shown = '';
  let i = 0;
  while (i < bytes.length) {
    // The longest well-formed run from `i`, decoded and displayed at once.
    let end = i;
    for (let length: number; end < bytes.length && (length = utf8SequenceLength(bytes, end)) > 0; ) end += length;
    if (end > i) {
      shown += displayArtifactPath(utf8.decode(bytes.subarray(i, end)));
      i = end;
    } else {
      shown += `\\x${hex(bytes[i], 2)}`;
      i += 1;
    }
  }
  return shown;
}

/** Whether the bytes are well-formed UTF-8 (what a name must be to become an artifact path). */
export function isUtf8(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; ) {
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) return false;
    i += length;
  }
  return true;
}
