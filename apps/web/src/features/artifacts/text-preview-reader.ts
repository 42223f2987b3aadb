import { isPreviewTruncated, TEXT_PREVIEW_BYTES } from './artifact-preview-kind';

export interface TextPreview {
  text: string;
  bytesShown: number;
  truncated: boolean;
}

/** Reads a response body up to `limit` bytes, then stops the download. */
async function readAtMost(response: Response, limit: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer()).slice(0, limit);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  while (length < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.byteLength;
  }
  if (length >= limit) await reader.cancel().catch(() => undefined);
  const bytes = new Uint8Array(Math.min(length, limit));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - offset);
    bytes.set(part, offset);
    offset += part.length;
    if (offset >= bytes.length) break;
  }
  return bytes;
}

/**
 * The first `limit` bytes (256 KiB for a preview) of a text artifact, asked for with a `Range`
 * header so a 2 GiB log costs one small request; servers that ignore Range are read only that far.
 */
export async function fetchTextPreview(href: string, fileSize: number, signal: AbortSignal, limit = TEXT_PREVIEW_BYTES): Promise<TextPreview> {
  const response = await fetch(href, { headers: { Range: `bytes=0-${limit - 1}` }, credentials: 'same-origin', signal });
  // 416: the file is empty, so no byte range can be satisfied.
  if (response.status === 416) return { text: '', bytesShown: 0, truncated: false };
  if (!response.ok) throw new Error(`The server answered ${response.status} ${response.statusText}`.trim());
  const bytes = await readAtMost(response, limit);
  const truncated =
    fileSize > bytes.byteLength ||
    isPreviewTruncated(
      { status: response.status, contentRange: response.headers.get('content-range'), contentLength: response.headers.get('content-length') },
      bytes.byteLength,
      limit,
    );
  // A cut can split a UTF-8 sequence; the decoder shows that last character as U+FFFD.
  return { text: new TextDecoder('utf-8').decode(bytes), bytesShown: bytes.byteLength, truncated };
}
