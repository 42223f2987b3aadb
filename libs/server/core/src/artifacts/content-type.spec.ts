import { SNIFF_BYTES, detectContentType, isElfCore } from './content-type';

// The 8-byte PNG signature followed by the start of an IHDR chunk.
const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89,
]);

/** A zip local file header (PK\x03\x04) for one stored entry, as the start of a jar looks. */
function zipHead(entryName: string): Uint8Array {
  const name = Buffer.from(entryName, 'utf8');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0); // local file header signature
  header.writeUInt16LE(20, 4); // version needed
  header.writeUInt16LE(0, 6); // flags
  header.writeUInt16LE(0, 8); // stored
  header.writeUInt32LE(0, 14); // crc
  header.writeUInt32LE(4, 18); // compressed size
  header.writeUInt32LE(4, 22); // uncompressed size
  header.writeUInt16LE(name.length, 26);
  header.writeUInt16LE(0, 28);
  return Buffer.concat([header, name, Buffer.from('x\n\n\n')]);
}

/** An ELF header: 64-bit, the given byte order and e_type, padded to `length` bytes. */
function elfHeader(eType: number, options: { littleEndian?: boolean; length?: number } = {}): Uint8Array {
  const { littleEndian = true, length = 64 } = options;
  const head = new Uint8Array(length);
  head.set([0x7f, 0x45, 0x4c, 0x46, 2, littleEndian ? 1 : 2, 1]); // magic, ELFCLASS64, EI_DATA, EV_CURRENT
  if (length >= 18) {
    if (littleEndian) head.set([eType & 0xff, eType >> 8], 16);
    else head.set([eType >> 8, eType & 0xff], 16);
  }
  return head;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('detectContentType', () => {
  it('trusts the magic number over the extension: PNG bytes named .txt are image/png', async () => {
    await expect(detectContentType(PNG, 'screenshots/result.txt')).resolves.toBe('image/png');
  });

  it('uses the extension for text formats without magic: .html is text/html in UTF-8', async () => {
    await expect(detectContentType(utf8('<!doctype html><p>report</p>'), 'coverage/index.html')).resolves.toBe('text/html; charset=utf-8');
  });

  it('adds the UTF-8 charset to other text types found by extension', async () => {
    await expect(detectContentType(utf8('a,b\n1,2\n'), 'results.csv')).resolves.toBe('text/csv; charset=utf-8');
  });

  it('leaves non-text types found by extension without a charset', async () => {
    await expect(detectContentType(utf8('{"a":1}'), 'report.json')).resolves.toBe('application/json');
  });

  it('prefers the extension for zip-based formats: a jar sniffed as zip is application/java-archive', async () => {
    await expect(detectContentType(zipHead('META-INF/MANIFEST.MF'), 'build/app.jar')).resolves.toBe('application/java-archive');
  });

  it('keeps the sniffed zip type when the zip has no known extension', async () => {
    await expect(detectContentType(zipHead('a.txt'), 'bundle')).resolves.toBe('application/zip');
  });

  it('calls UTF-8 text of an unknown kind text/plain', async () => {
    await expect(detectContentType(utf8('plain words, ümlauts and 日本語\n'), 'logs/output.unknownext')).resolves.toBe('text/plain; charset=utf-8');
    await expect(detectContentType(utf8('no extension at all\n'), 'LICENSE-NOTES')).resolves.toBe('text/plain; charset=utf-8');
  });

  it('calls an empty file text/plain', async () => {
    await expect(detectContentType(new Uint8Array(0), 'empty')).resolves.toBe('text/plain; charset=utf-8');
  });

  it('calls unrecognised binary without an extension application/octet-stream', async () => {
    await expect(detectContentType(Uint8Array.from([0x13, 0x00, 0xfe, 0x42, 0x99, 0x00, 0x01]), 'blob')).resolves.toBe('application/octet-stream');
  });

  it('calls invalid UTF-8 without NUL bytes application/octet-stream', async () => {
    await expect(detectContentType(Uint8Array.from([0x61, 0xc3, 0x28, 0x62, 0xff]), 'blob')).resolves.toBe('application/octet-stream');
  });

  it('still calls text text when the sniffing window cuts a multi-byte character at its end', async () => {
    const text = Buffer.from('é'.repeat(SNIFF_BYTES)).subarray(0, SNIFF_BYTES); // ends with half of a 2-byte character
    expect(text.length).toBe(SNIFF_BYTES);
    await expect(detectContentType(text, 'notes')).resolves.toBe('text/plain; charset=utf-8');
  });
});

describe('isElfCore', () => {
  it('is true for a little-endian ELF header with e_type ET_CORE (4)', () => {
    expect(isElfCore(elfHeader(4))).toBe(true);
  });

  it('is true for a big-endian ELF header with e_type ET_CORE', () => {
    expect(isElfCore(elfHeader(4, { littleEndian: false }))).toBe(true);
  });

  it('is true for exactly the 18 bytes that hold e_type', () => {
    expect(isElfCore(elfHeader(4, { length: 18 }))).toBe(true);
  });

  it('is false for executables (ET_EXEC) and shared objects (ET_DYN)', () => {
    expect(isElfCore(elfHeader(2))).toBe(false);
    expect(isElfCore(elfHeader(3))).toBe(false);
  });

  it('reads e_type in the header’s byte order: 0x0400 little-endian is not a core', () => {
    expect(isElfCore(elfHeader(0x0400))).toBe(false);
  });

  it('is false for input shorter than 18 bytes', () => {
    expect(isElfCore(elfHeader(4).subarray(0, 17))).toBe(false);
    expect(isElfCore(new Uint8Array(0))).toBe(false);
  });

  it('is false without the ELF magic', () => {
    const notElf = elfHeader(4);
    notElf[1] = 0x46;
    expect(isElfCore(notElf)).toBe(false);
    expect(isElfCore(PNG)).toBe(false);
  });
});
