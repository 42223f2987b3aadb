import { CoreDumpFactsSchema, type CoreDumpFacts } from '@stowage/contracts';
import { bufferRangeReader } from '../ports/range-reader';
import { type HostCore, loadAarch64Core, produceHostCore } from './core-dump-fixtures.spec-helper';
import { readCoreDump, type CoreDumpReadResult } from './core-dump-reader';

function expectCore(result: CoreDumpReadResult): { facts: CoreDumpFacts; warnings: string[] } {
  if (result.kind !== 'core') throw new Error(`expected a core, got not-core: ${result.reason}`);
  expect(CoreDumpFactsSchema.parse(result.facts)).toEqual(result.facts);
  return result;
}

function expectNotCore(result: CoreDumpReadResult): string {
  if (result.kind !== 'not-core') throw new Error(`expected not-core, got a core: ${JSON.stringify(result.facts)}`);
  return result.reason;
}

const NON_ZERO_HEX = /^0x[0-9a-f]*[1-9a-f][0-9a-f]*$/;

describe('readCoreDump on a real x86_64 core (gcc + abort() on this machine)', () => {
  let host: HostCore;
  beforeAll(() => {
    host = produceHostCore();
  });

  it('extracts the crash facts from the notes alone', async () => {
    const { facts, warnings } = expectCore(await readCoreDump(bufferRangeReader(host.bytes), {}));
    expect(warnings).toEqual([]);
    expect(facts.architecture).toBe('x86_64');
    expect(facts.signal).toBe(6);
    expect(facts.signalName).toBe('SIGABRT');
    expect(facts.executableName).toBe('dump');
    expect(facts.arguments).toContain('arg1');
    expect(facts.executablePath).toMatch(/\/dump$/);
    expect(facts.pid).toBe(host.pid);
    expect(facts.threadCount).toBe(1);
    expect(facts.programCounter).toMatch(NON_ZERO_HEX);
    expect(facts.stackPointer).toMatch(NON_ZERO_HEX);
  });

  it('agrees with the pid in the core file name when the kernel put one there', async () => {
    const result = await readCoreDump(bufferRangeReader(host.bytes), { fileName: host.fileName });
    const { facts, warnings } = expectCore(result);
    expect(facts.pid).toBe(host.pid);
    expect(warnings).toEqual([]);
    if (host.fileName !== 'core') expect(host.fileName).toBe(`core.${host.pid}`);
  });

  it('lists the mapped files from NT_FILE, the program and libc among them', async () => {
    const { facts } = expectCore(await readCoreDump(bufferRangeReader(host.bytes), {}));
    const paths = facts.mappedFiles.map((file) => file.path);
    expect(paths).toContain(facts.executablePath);
    expect(paths.some((path) => /\/libc(\.so\.|-)/.test(path))).toBe(true);
    for (const file of facts.mappedFiles) {
      expect(BigInt(file.end)).toBeGreaterThan(BigInt(file.start));
      expect(file.offset).toMatch(/^0x[0-9a-f]+$/);
    }
  });

  it('puts the crashing pc inside libc, where abort() raises the signal', async () => {
    const { facts } = expectCore(await readCoreDump(bufferRangeReader(host.bytes), {}));
    const pc = BigInt(facts.programCounter ?? 0);
    const libc = facts.mappedFiles.filter((file) => /\/libc(\.so\.|-)/.test(file.path));
    expect(libc.some((file) => pc >= BigInt(file.start) && pc < BigInt(file.end))).toBe(true);
  });

  it('warns when the name contradicts the notes, keeping the notes', async () => {
    const { facts, warnings } = expectCore(
      await readCoreDump(bufferRangeReader(host.bytes), { fileName: `core.${host.pid + 1}.!usr!bin!other` }),
    );
    expect(facts.pid).toBe(host.pid);
    expect(facts.executablePath).toMatch(/\/dump$/);
    expect(warnings).toEqual([expect.stringContaining(`pid ${host.pid + 1}`)]);
  });

  it('fills pid and executable path from a core.%p.%E name when the notes are cut off', async () => {
    const truncated = host.bytes.subarray(0, 64 + 56 * 2); // the header and a couple of program headers
    const { facts, warnings } = expectCore(
      await readCoreDump(bufferRangeReader(truncated), { fileName: 'artifacts/core.4242.!opt!app!bin!server' }),
    );
    expect(facts.architecture).toBe('x86_64');
    expect(facts.pid).toBe(4242);
    expect(facts.executablePath).toBe('/opt/app/bin/server');
    expect(facts.signal).toBeNull();
    expect(facts.threadCount).toBeNull();
    expect(warnings.length).toBeGreaterThan(0);
  });

  it('rejects the program that crashed: an ELF file, but not ET_CORE', async () => {
    expect(expectNotCore(await readCoreDump(bufferRangeReader(host.executable), {}))).toMatch(/ET_DYN|ET_EXEC/);
  });

  it('rejects 32-bit and big-endian ELF files', async () => {
    const elf32 = Uint8Array.from(host.bytes.subarray(0, 4096));
    elf32[4] = 1; // EI_CLASS = ELFCLASS32
    expect(expectNotCore(await readCoreDump(bufferRangeReader(elf32), {}))).toMatch(/32-bit/);
    const bigEndian = Uint8Array.from(host.bytes.subarray(0, 4096));
    bigEndian[5] = 2; // EI_DATA = ELFDATA2MSB
    expect(expectNotCore(await readCoreDump(bufferRangeReader(bigEndian), {}))).toMatch(/big-endian/);
  });
});

describe('readCoreDump on the aarch64 fixture (qemu-user core, static binary)', () => {
  let core: Uint8Array;
  beforeAll(() => {
    core = loadAarch64Core();
  });

  it('extracts the crash facts', async () => {
    const { facts, warnings } = expectCore(await readCoreDump(bufferRangeReader(core), {}));
    expect(warnings).toEqual([]);
    expect(facts.architecture).toBe('aarch64');
    expect(facts.signal).toBe(6);
    expect(facts.signalName).toBe('SIGABRT');
    expect(facts.executableName).toBe('dump');
    expect(facts.arguments).toBe('./dump arg1');
    expect(facts.executablePath).toBe('./dump');
    expect(facts.threadCount).toBeGreaterThanOrEqual(1);
    expect(facts.pid).toBeGreaterThan(0);
    expect(facts.programCounter).toMatch(NON_ZERO_HEX);
    expect(facts.stackPointer).toMatch(NON_ZERO_HEX);
    // The static binary's text segment is its first PT_LOAD, [0x400000, 0x47d000) (readelf -l).
    expect(BigInt(facts.programCounter ?? 0)).toBeGreaterThanOrEqual(0x400000n);
    expect(BigInt(facts.programCounter ?? 0)).toBeLessThan(0x47d000n);
  });

  it('reports no mapped files, without a warning, because qemu writes no NT_FILE', async () => {
    const { facts, warnings } = expectCore(await readCoreDump(bufferRangeReader(core), {}));
    expect(facts.mappedFiles).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('takes the program name from a qemu core file name when the notes are cut off', async () => {
    const { facts } = expectCore(
      await readCoreDump(bufferRangeReader(core.subarray(0, 64)), { fileName: 'qemu_my_prog_20260101-120000_777.core' }),
    );
    expect(facts.architecture).toBe('aarch64');
    expect(facts.pid).toBe(777);
    expect(facts.executableName).toBe('my_prog');
  });
});

describe('readCoreDump on files that are not cores', () => {
  it.each([
    ['an empty file', new Uint8Array(0), /not an ELF file/],
    ['text', new TextEncoder().encode('hello, world\n'), /not an ELF file/],
    ['a bare ELF magic', Uint8Array.of(0x7f, 0x45, 0x4c, 0x46), /truncated ELF identification/],
    [
      'an ELF64 header cut short',
      Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, ...new Array<number>(20).fill(0)),
      /truncated ELF header/,
    ],
  ])('says why %s is not a core', async (_, bytes, reason) => {
    expect(expectNotCore(await readCoreDump(bufferRangeReader(bytes), {}))).toMatch(reason);
  });
});
