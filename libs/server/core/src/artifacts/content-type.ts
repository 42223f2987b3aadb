import { fileTypeFromBuffer } from 'file-type';
import { lookup } from 'mime-types';

/** How many leading bytes content sniffing reads (file-type's own recommendation). */
export const SNIFF_BYTES = 4100;

function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return true;
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.length === SNIFF_BYTES ? head.subarray(0, head.length - 4) : head);
    return true;
  } catch {
    return false;
  }
}

/**
 * The content type from the leading bytes first (magic numbers can't lie about a renamed file),
 * then the extension (text formats have no magic), then a text/binary guess.
 */
export async function detectContentType(head: Uint8Array, path: string): Promise<string> {
  const sniffed = await fileTypeFromBuffer(head);
  const byExtension = lookup(path);
  // Zip-based formats (jar, apk, docx) sniff as zip: the extension is more precise there.
  if (sniffed && !(sniffed.mime === 'application/zip' && byExtension)) return sniffed.mime;
  if (byExtension) return byExtension === 'text/html' || byExtension.startsWith('text/') ? `${byExtension}; charset=utf-8` : byExtension;
  return looksLikeText(head) ? 'text/plain; charset=utf-8' : 'application/octet-stream';
}

/** ELF header with e_type ET_CORE (4): worth handing to the core-dump indexer. */
export function isElfCore(head: Uint8Array): boolean {
  if (head.length < 18 || head[0] !== 0x7f || head[1] !== 0x45 || head[2] !== 0x4c || head[3] !== 0x46) return false;
  const littleEndian = head[5] === 1;
  const eType = littleEndian ? head[16] | (head[17] << 8) : (head[16] << 8) | head[17];
  return eType === 4;
}
