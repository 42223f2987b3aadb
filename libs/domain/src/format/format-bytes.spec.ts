import { formatByteCount, formatBytes } from './format-bytes';

const MiB = 1024 * 1024;

describe('formatBytes', () => {
  it('shows sizes below 1 KiB in whole bytes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1)).toBe('1 B');
    expect(formatBytes(1023)).toBe('1023 B');
  });

  it('uses binary units with one decimal from KiB up, so every size of a unit has one width', () => {
    expect(formatBytes(1024)).toBe('1.0 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3072)).toBe('3.0 KiB');
    expect(formatBytes(256 * 1024)).toBe('256.0 KiB');
    expect(formatBytes(5.25 * MiB)).toBe('5.3 MiB');
    expect(formatBytes(245.76 * MiB)).toBe('245.8 MiB');
    expect(formatBytes(1.2 * 1024 * MiB)).toBe('1.2 GiB');
    expect(formatBytes(3 * 1024 * MiB)).toBe('3.0 GiB');
  });

  it('moves to the next unit instead of printing 1024 of a unit', () => {
    expect(formatBytes(MiB - 1)).toBe('1.0 MiB');
    expect(formatBytes(1023.96 * 1024)).toBe('1.0 MiB');
  });

  it('stops at the largest unit', () => {
    expect(formatBytes(2048 * 1024 ** 5)).toBe('2048.0 PiB');
  });

  it('shows a dash for values that are not sizes', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
    expect(formatBytes(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('writes an exact multiple of a unit without the decimal when asked, as a limit reads', () => {
    expect(formatBytes(MiB, { bareWholeUnits: true })).toBe('1 MiB');
    expect(formatBytes(5 * MiB, { bareWholeUnits: true })).toBe('5 MiB');
    expect(formatBytes(1024 * 1024 * 1024 * MiB, { bareWholeUnits: true })).toBe('1 PiB');
    expect(formatBytes(1023, { bareWholeUnits: true })).toBe('1023 B');
    // Not exact: the decimal stays, so a size just over a limit does not read as the limit itself.
    expect(formatBytes(MiB + 1, { bareWholeUnits: true })).toBe('1.0 MiB');
    expect(formatBytes(1536, { bareWholeUnits: true })).toBe('1.5 KiB');
  });
});

describe('formatByteCount', () => {
  it('writes the exact count with separators', () => {
    expect(formatByteCount(1536)).toBe('1,536 bytes');
    expect(formatByteCount(1)).toBe('1 byte');
  });
});
