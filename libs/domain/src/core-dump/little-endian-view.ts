const utf8 = new TextDecoder('utf-8');

/**
 * Little-endian field access over bytes read from an untrusted file. Every getter is guarded by
 * `has()` at the call site; DataView would throw on an out-of-range offset, which must never escape.
 */
export class LittleEndianView {
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.byteLength;
  }

  /** True when `[offset, offset + length)` lies inside the bytes. */
  has(offset: number, length: number): boolean {
    return offset >= 0 && length >= 0 && offset + length <= this.bytes.byteLength;
  }

  u16(offset: number): number {
    return this.view.getUint16(offset, true);
  }

  i16(offset: number): number {
    return this.view.getInt16(offset, true);
  }

  u32(offset: number): number {
    return this.view.getUint32(offset, true);
  }

  i32(offset: number): number {
    return this.view.getInt32(offset, true);
  }

  u64(offset: number): bigint {
    return this.view.getBigUint64(offset, true);
  }

  /** A fixed-size C char array: up to the first NUL (or the whole field when unterminated). */
  cString(offset: number, maxLength: number): string {
    const field = this.bytes.subarray(offset, Math.min(this.bytes.byteLength, offset + maxLength));
    const nul = field.indexOf(0);
    return utf8.decode(nul === -1 ? field : field.subarray(0, nul));
  }
}

/** '0x7ffd5e3c' — the lowercase, unpadded form gdb prints. */
export function hexAddress(value: bigint): string {
  return `0x${value.toString(16)}`;
}

/** A 64-bit file offset or size as a number, or null when it cannot index a JavaScript-sized file. */
export function safeNumber(value: bigint): number | null {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : null;
}
