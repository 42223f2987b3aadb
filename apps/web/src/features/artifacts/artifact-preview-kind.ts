export type PreviewKind = 'text' | 'image' | 'html' | 'none';

/** Previews read at most this much of a text artifact (one `Range` request). */
export const TEXT_PREVIEW_BYTES = 256 * 1024;

const TEXT_TYPES = new Set([
  'application/json',
  'application/x-ndjson',
  'application/xml',
  'application/javascript',
  'application/x-javascript',
  'application/ecmascript',
  'application/x-sh',
  'application/x-yaml',
  'application/yaml',
  'application/toml',
  'application/sql',
  'application/x-log',
]);
const TEXT_EXTENSIONS = new Set(['txt', 'log', 'out', 'err', 'md', 'csv', 'tsv', 'json', 'xml', 'yml', 'yaml', 'ini', 'toml', 'diff', 'patch']);
const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'bmp', 'ico', 'svg']);

function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * How to preview an artifact, decided by its content type; the file extension decides only when
 * the uploader sent no useful type (none, or `application/octet-stream`).
 */
export function previewKindFor(contentType: string | null, path: string): PreviewKind {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType === 'text/html' || mediaType === 'application/xhtml+xml') return 'html';
  if (mediaType.startsWith('image/')) return 'image';
  if (mediaType.startsWith('text/') || TEXT_TYPES.has(mediaType) || mediaType.endsWith('+json') || mediaType.endsWith('+xml')) {
    return 'text';
  }
  if (mediaType !== '' && mediaType !== 'application/octet-stream') return 'none';
  const extension = extensionOf(path);
  if (extension === 'html' || extension === 'htm') return 'html';
  if (IMAGE_EXTENSIONS.has(extension)) return 'image';
  if (TEXT_EXTENSIONS.has(extension)) return 'text';
  return 'none';
}

/** The full length from `Content-Range: bytes 0-262143/1048576`; null when unknown (`*`) or absent. */
export function totalFromContentRange(header: string | null): number | null {
  const match = header?.match(/\/(\d+)\s*$/);
  return match ? Number(match[1]) : null;
}

/**
 * Whether the preview shows only the beginning of the file. With a 206 the total comes from
 * Content-Range; a server that ignores Range answers 200 with the whole length, and we stop reading.
 */
export function isPreviewTruncated(
  response: { status: number; contentRange: string | null; contentLength: string | null },
  bytesShown: number,
  limit = TEXT_PREVIEW_BYTES,
): boolean {
  const total = response.status === 206 ? totalFromContentRange(response.contentRange) : response.contentLength ? Number(response.contentLength) : null;
  return total === null ? bytesShown >= limit : total > bytesShown;
}
