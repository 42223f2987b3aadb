import { formatBytes } from './format-bytes';

const MiB = 1024 * 1024;

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1023, '1023 bytes'],
    [1024, '1 KiB'],
    [1536, '1.50 KiB'],
    [5 * MiB, '5 MiB'],
    [3 * 1024 * MiB, '3 GiB'],
    [1024 * 1024 * 1024 * MiB, '1024 TiB'],
  ])('formats %d as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
