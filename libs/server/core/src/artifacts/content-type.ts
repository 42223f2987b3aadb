import type { BlobFacts } from '@stowage/domain';
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

/** What the leading bytes say: a blob's facts, read once however many artifacts refer to it. */
export async function sniffBlobFacts(head: Uint8Array): Promise<BlobFacts> {
  const sniffed = await fileTypeFromBuffer(head);
  return { sniffedType: sniffed?.mime ?? null, isText: looksLikeText(head), isElfCore: isElfCore(head) };
}

/**
 * An artifact's content type: the blob's magic numbers first (they can't lie about a renamed file),
 * then the artifact's extension (text formats have no magic), then the blob's text/binary guess.
 */
export function contentTypeOf(facts: BlobFacts, path: string): string {
  const byExtension = lookup(path);
  // Zip-based formats (jar, apk, docx) sniff as zip: the extension is more precise there.
  if (facts.sniffedType && !(facts.sniffedType === 'application/zip' && byExtension)) return facts.sniffedType;
  if (byExtension) return byExtension === 'text/html' || byExtension.startsWith('text/') ? `${byExtension}; charset=utf-8` : byExtension;
  return facts.isText ? 'text/plain; charset=utf-8' : 'application/octet-stream';
}

/** contentTypeOf the bytes `head` begins. */
export async function detectContentType(head: Uint8Array, path: string): Promise<string> {
  return contentTypeOf(await sniffBlobFacts(head), path);
}

/** ELF header with e_type ET_CORE (4): worth handing to the core-dump indexer. */
export function isElfCore(head: Uint8Array): boolean {
  if (head.length < 18 || head[0] !== 0x7f || head[1] !== 0x45 || head[2] !== 0x4c || head[3] !== 0x46) return false;
  const littleEndian = head[5] === 1;
  const eType = littleEndian ? head[16] | (head[17] << 8) : (head[16] << 8) | head[17];
  return eType === 4;
}
