const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

export interface FormatBytesOptions {
  /**
   * Write an exact multiple of its unit without the ".0" ("1 MiB"), as a configured limit reads in a
   * sentence. Off by default: one decimal on every size keeps log lines and columns one width.
   */
  bareWholeUnits?: boolean;
}

/**
 * The one way Stowage writes a byte size for people (CLI output, API messages, the web app): binary
 * (IEC) units, the units storage is billed and ranged in; whole bytes below 1 KiB ("512 B"), one
 * decimal from KiB up ("1.5 KiB", "245.8 MiB").
 */
export function formatBytes(bytes: number, options: FormatBytesOptions = {}): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  // 1023.96 KiB would print as "1024.0 KiB": promote it to the next unit instead.
  while (value >= 1023.95 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  const digits = options.bareWholeUnits && Number.isInteger(value) ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** The exact count, for tooltips and screen readers beside `formatBytes`: "1,536 bytes". */
export function formatByteCount(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} ${bytes === 1 ? 'byte' : 'bytes'}`;
}
