import { isPreviewTruncated, previewKindFor, totalFromContentRange } from './artifact-preview-kind';

describe('previewKindFor', () => {
  it('decides by content type', () => {
    expect(previewKindFor('text/plain; charset=utf-8', 'a.bin')).toBe('text');
    expect(previewKindFor('application/json', 'x')).toBe('text');
    expect(previewKindFor('application/vnd.api+json', 'x')).toBe('text');
    expect(previewKindFor('image/png', 'x.txt')).toBe('image');
    expect(previewKindFor('text/html', 'report.txt')).toBe('html');
    expect(previewKindFor('application/zip', 'notes.txt')).toBe('none');
  });

  it('falls back to the extension when the type says nothing', () => {
    expect(previewKindFor(null, 'logs/build.log')).toBe('text');
    expect(previewKindFor('application/octet-stream', 'shot.PNG')).toBe('image');
    expect(previewKindFor(null, 'coverage/index.html')).toBe('html');
    expect(previewKindFor(null, 'core.1234.dump')).toBe('none');
    expect(previewKindFor(null, '.bashrc')).toBe('none');
  });
});

describe('preview truncation', () => {
  it('reads the total length from Content-Range', () => {
    expect(totalFromContentRange('bytes 0-262143/1048576')).toBe(1048576);
    expect(totalFromContentRange('bytes 0-9/*')).toBeNull();
    expect(totalFromContentRange(null)).toBeNull();
  });

  it('says a ranged preview is truncated when the file is longer than what was shown', () => {
    expect(isPreviewTruncated({ status: 206, contentRange: 'bytes 0-262143/300000', contentLength: '262144' }, 262144)).toBe(true);
    expect(isPreviewTruncated({ status: 206, contentRange: 'bytes 0-99/100', contentLength: '100' }, 100)).toBe(false);
  });

  it('reads a larger limit, as the Compare view does with 1 MiB per side', () => {
    const mib = 1024 * 1024;
    expect(isPreviewTruncated({ status: 200, contentRange: null, contentLength: null }, 262144, mib)).toBe(false);
    expect(isPreviewTruncated({ status: 200, contentRange: null, contentLength: null }, mib, mib)).toBe(true);
  });

  it('handles servers that ignore Range', () => {
    expect(isPreviewTruncated({ status: 200, contentRange: null, contentLength: '500000' }, 262144)).toBe(true);
    expect(isPreviewTruncated({ status: 200, contentRange: null, contentLength: '12' }, 12)).toBe(false);
    expect(isPreviewTruncated({ status: 200, contentRange: null, contentLength: null }, 262144)).toBe(true);
  });
});
