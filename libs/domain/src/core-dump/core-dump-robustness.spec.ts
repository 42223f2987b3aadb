import { CoreDumpFactsSchema } from '@stowage/contracts';
import fc from 'fast-check';
import { bufferRangeReader, type RangeReader } from '../ports/range-reader';
import { loadAarch64Core, produceHostCore } from './core-dump-fixtures.spec-helper';
import { readCoreDump, type CoreDumpReadResult } from './core-dump-reader';

// An async property that has not settled by then is a hang; a synchronous loop would stall Jest instead.
const PROPERTY_OPTIONS = { numRuns: 200, timeout: 2_000 } as const;

/** Every result must be one of the two shapes, with facts the API contract accepts. */
function expectWellFormed(result: CoreDumpReadResult): void {
  if (result.kind === 'not-core') {
    expect(result.reason).toEqual(expect.any(String));
    return;
  }
  expect(result.kind).toBe('core');
  CoreDumpFactsSchema.parse(result.facts);
  for (const warning of result.warnings) expect(typeof warning).toBe('string');
}

/** Serves `bytes` with one byte replaced, copying only the ranges actually read. */
function corruptedReader(bytes: Uint8Array, index: number, value: number): RangeReader {
  const inner = bufferRangeReader(bytes);
  return {
    size: inner.size,
    async read(offset, length) {
      const chunk = await inner.read(offset, length);
      if (index < offset || index >= offset + chunk.byteLength) return chunk;
      const copy = Uint8Array.from(chunk);
      copy[index - offset] = value;
      return copy;
    },
  };
}

/** Counts what it serves, and refuses ranges outside the object (which the reader must never ask for). */
function countingReader(bytes: Uint8Array): RangeReader & { served: number; reads: number } {
  const inner = bufferRangeReader(bytes);
  const counter = {
    size: inner.size,
    served: 0,
    reads: 0,
    async read(offset: number, length: number) {
      if (offset + length > inner.size) throw new RangeError(`read past the end: ${offset}+${length} > ${inner.size}`);
      const chunk = await inner.read(offset, length);
      counter.served += chunk.byteLength;
      counter.reads++;
      return chunk;
    },
  };
  return counter;
}

// Valid ELF64 little-endian ET_CORE identification, so random bytes get past the header checks.
const CORE_PREFIX = Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0);

/** A minimal core: header, PT_NOTE and PT_LOAD headers, then the given notes and a memory image. */
function synthesizeCore(
  notes: Array<{ name: string; type: number; desc: Uint8Array }>,
  load: { vaddr: bigint; fileSize: bigint },
  image: Uint8Array,
): Uint8Array {
  const align4 = (n: number) => Math.ceil(n / 4) * 4;
  const noteBytes = notes.reduce((sum, note) => sum + 12 + align4(note.name.length + 1) + align4(note.desc.length), 0);
  const noteOffset = 64 + 2 * 56;
  const imageOffset = noteOffset + noteBytes;
  const bytes = new Uint8Array(imageOffset + image.length);
  const view = new DataView(bytes.buffer);
  bytes.set(CORE_PREFIX);
  view.setUint16(18, 62, true); // EM_X86_64
  view.setBigUint64(32, 64n, true); // e_phoff
  view.setUint16(54, 56, true); // e_phentsize
  view.setUint16(56, 2, true); // e_phnum
  view.setUint32(64, 4, true); // PT_NOTE
  view.setBigUint64(64 + 8, BigInt(noteOffset), true);
  view.setBigUint64(64 + 32, BigInt(noteBytes), true);
  view.setUint32(120, 1, true); // PT_LOAD
  view.setBigUint64(120 + 8, BigInt(imageOffset), true);
  view.setBigUint64(120 + 16, load.vaddr, true);
  view.setBigUint64(120 + 32, load.fileSize, true);
  let position = noteOffset;
  for (const note of notes) {
    view.setUint32(position, note.name.length + 1, true);
    view.setUint32(position + 4, note.desc.length, true);
    view.setUint32(position + 8, note.type, true);
    bytes.set(new TextEncoder().encode(note.name), position + 12);
    position += 12 + align4(note.name.length + 1);
    bytes.set(note.desc, position);
    position += align4(note.desc.length);
  }
  bytes.set(image, imageOffset);
  return bytes;
}

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const smallOrHuge = fc.oneof(fc.bigInt({ min: 0n, max: 1n << 12n }), u64);

/** Random descriptors, some shaped like the real thing (NT_FILE count and page size, an AT_EXECFN entry). */
const descriptor = fc.oneof(
  fc.uint8Array({ maxLength: 400 }),
  fc
    .tuple(fc.oneof(fc.constant(31n), u64), smallOrHuge, fc.uint8Array({ maxLength: 200 }))
    .map(([first, second, rest]) => {
      const desc = new Uint8Array(16 + rest.length);
      new DataView(desc.buffer).setBigUint64(0, first, true);
      new DataView(desc.buffer).setBigUint64(8, second, true);
      desc.set(rest, 16);
      return desc;
    }),
);
const note = fc.oneof(
  fc.record({
    name: fc.constantFrom('CORE', 'LINUX', 'CORE\u0001', ''),
    type: fc.oneof(fc.constantFrom(1, 3, 6, 0x53494749, 0x46494c45), fc.nat()),
    desc: descriptor,
  }),
  // NT_AUXV holding AT_EXECFN, pointing at or near the synthetic PT_LOAD.
  fc.bigInt({ min: 0n, max: 1n << 13n }).map((address) => {
    const desc = new Uint8Array(16);
    new DataView(desc.buffer).setBigUint64(0, 31n, true);
    new DataView(desc.buffer).setBigUint64(8, address, true);
    return { name: 'CORE', type: 6, desc };
  }),
);

describe('readCoreDump on hostile input', () => {
  const realCores: Array<[string, Uint8Array]> = [];
  beforeAll(() => {
    realCores.push(['x86_64', produceHostCore().bytes], ['aarch64', loadAarch64Core()]);
  });

  it('settles on random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        expectWellFormed(await readCoreDump(bufferRangeReader(bytes), {}));
      }),
      PROPERTY_OPTIONS,
    );
  });

  it('settles on random bytes behind a valid core header, never reading out of bounds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 46, maxLength: 4096 }), fc.string(), async (tail, fileName) => {
        const bytes = new Uint8Array(CORE_PREFIX.length + tail.length);
        bytes.set(CORE_PREFIX);
        bytes.set(tail, CORE_PREFIX.length);
        const result = await readCoreDump(countingReader(bytes), { fileName });
        expect(result.kind).toBe('core');
        expectWellFormed(result);
      }),
      PROPERTY_OPTIONS,
    );
  });

  it('settles on well-framed notes with random contents', async () => {
    const load = fc.record({ vaddr: smallOrHuge, fileSize: smallOrHuge });
    await fc.assert(
      fc.asyncProperty(
        fc.array(note, { maxLength: 8 }),
        load,
        fc.uint8Array({ maxLength: 512 }),
        async (notes, segment, image) => {
          const result = await readCoreDump(countingReader(synthesizeCore(notes, segment, image)), {});
          expect(result.kind).toBe('core');
          expectWellFormed(result);
        },
      ),
      { ...PROPERTY_OPTIONS, numRuns: 1000 },
    );
  });

  it('settles on real cores truncated at any point', async () => {
    for (const [architecture, core] of realCores) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.nat(8192), fc.nat(core.byteLength)), async (length) => {
          const result = await readCoreDump(countingReader(core.subarray(0, length)), {});
          expectWellFormed(result);
          // Past the 64-byte header a truncated core is still a core, with what survived.
          if (length >= 64 && result.kind === 'core') expect(result.facts.architecture).toBe(architecture);
          expect(result.kind).toBe(length >= 64 ? 'core' : 'not-core');
        }),
        PROPERTY_OPTIONS,
      );
    }
  });

  it('settles on real cores with one byte corrupted, mostly in the headers and notes', async () => {
    for (const [, core] of realCores) {
      const where = fc.oneof(fc.nat(8191), fc.nat(core.byteLength - 1));
      await fc.assert(
        fc.asyncProperty(where, fc.integer({ min: 0, max: 255 }), async (index, value) => {
          expectWellFormed(await readCoreDump(corruptedReader(core, index, value), {}));
        }),
        PROPERTY_OPTIONS,
      );
    }
  });

  it('caps the thread count at 4096 NT_PRSTATUS notes, saying so', async () => {
    const prstatus = { name: 'CORE', type: 1, desc: new Uint8Array(336) };
    const core = synthesizeCore(new Array(4100).fill(prstatus), { vaddr: 0n, fileSize: 0n }, new Uint8Array(0));
    const result = await readCoreDump(bufferRangeReader(core), {});
    if (result.kind !== 'core') throw new Error(result.reason);
    expect(result.facts.threadCount).toBe(4096);
    expect(result.warnings).toContain('more than 4096 threads; threadCount is capped');
  });

  it('reads a 3 GiB core in a few small ranges', async () => {
    const [, core] = realCores[0] as [string, Uint8Array];
    const size = 3 * 1024 ** 3;
    let served = 0;
    const reader: RangeReader = {
      size,
      async read(offset, length) {
        // The real core's bytes, then zeros: only what is asked for is ever materialised.
        const chunk = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
        const end = Math.min(offset + chunk.byteLength, core.byteLength);
        chunk.set(core.subarray(Math.min(offset, end), end));
        served += chunk.byteLength;
        return chunk;
      },
    };
    const result = await readCoreDump(reader, {});
    expect(result.kind).toBe('core');
    expect(served).toBeLessThan(32 * 1024);
  });

  it('reads only a small part of a core: headers, notes and one path, never the memory image', async () => {
    for (const [, core] of realCores) {
      const reader = countingReader(core);
      const result = await readCoreDump(reader, {});
      expect(result.kind).toBe('core');
      expect(reader.reads).toBeLessThanOrEqual(4);
      expect(reader.served).toBeLessThan(32 * 1024);
      expect(reader.served * 10).toBeLessThan(core.byteLength);
    }
  });
});
