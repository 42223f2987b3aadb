/**
 * The inverse of `displayArtifactPath` and `displayFileNameBytes`, written independently of them
 * (a test oracle): if every display parses back to the name it came from, no two names share a display.
 * docs/artifact-paths.md writes names in their displayed form, and the specs read them back with it.
 */
const ESCAPE = /\\(?:([\\tnr])|x([0-9a-f]{2})|u\{([0-9a-f]{5,6})\}|u([0-9a-f]{4}))/gy;
const SHORT: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r' };

type Piece = { text: string } | { byte: number };

function pieces(displayed: string): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  while (i < displayed.length) {
    if (displayed[i] !== '\\') {
      const next = displayed.indexOf('\\', i);
      const end = next === -1 ? displayed.length : next;
      out.push({ text: displayed.slice(i, end) });
      i = end;
      continue;
    }
    ESCAPE.lastIndex = i;
    const match = ESCAPE.exec(displayed);
    if (!match) throw new Error(`bad escape at ${i} in ${JSON.stringify(displayed)}`);
    const [whole, short, byte, astral, bmp] = match;
    if (short) out.push({ text: SHORT[short] });
    else if (byte) out.push({ byte: parseInt(byte, 16) });
    else out.push({ text: String.fromCodePoint(parseInt(astral ?? bmp, 16)) });
    i += whole.length;
  }
  return out;
}

/** The name a display stands for; a `\xNN` above 7F has no text form here and throws. */
export function parseDisplayedName(displayed: string): string {
  return pieces(displayed)
    .map((piece) => {
      if ('text' in piece) return piece.text;
      if (piece.byte > 0x7f) throw new Error(`\\x${piece.byte.toString(16)} is a byte, not a character`);
      return String.fromCharCode(piece.byte);
    })
    .join('');
}

/** The bytes a display of a file name stands for: text as UTF-8, `\xNN` as that byte. */
export function parseDisplayedBytes(displayed: string): Buffer {
  return Buffer.concat(pieces(displayed).map((piece) => ('text' in piece ? Buffer.from(piece.text, 'utf8') : Buffer.from([piece.byte]))));
}
