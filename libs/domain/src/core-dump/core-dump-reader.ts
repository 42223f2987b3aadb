import type { CoreDumpFacts } from '@stowage/contracts';
import type { RangeReader } from '../ports/range-reader';
import { coreArchitecture, type CoreArchitecture } from './core-architectures';
import { parseCoreFileName } from './core-file-name';
import {
  decodeFileNote,
  decodePrPsInfo,
  decodePrStatus,
  decodeSigInfoSignal,
  findExecFnAddress,
  iterateNotes,
  type MappedFile,
  type PrPsInfo,
  type PrStatus,
} from './core-notes';
import {
  CORE_NOTE_NAME,
  EI_CLASS,
  EI_DATA,
  EI_NIDENT,
  ELF64_EHDR,
  ELF64_PHDR,
  ELF64_SHDR,
  ELF_MAGIC,
  ELF_TYPE_NAMES,
  ELFCLASS32,
  ELFCLASS64,
  ELFDATA2LSB,
  ELFDATA2MSB,
  ET_CORE,
  NT_AUXV,
  NT_FILE,
  NT_PRPSINFO,
  NT_PRSTATUS,
  NT_SIGINFO,
  PN_XNUM,
  PT_LOAD,
  PT_NOTE,
} from './elf-layout';
import { hexAddress, LittleEndianView, safeNumber } from './little-endian-view';
import { linuxSignalName } from './signal-names';

export type CoreDumpReadResult =
  | { kind: 'core'; facts: CoreDumpFacts; warnings: string[] }
  | { kind: 'not-core'; reason: string };

export interface ReadCoreDumpOptions {
  /** The artifact's name or path; `core.%p.%E` and qemu names supply facts the notes lack. */
  fileName?: string;
}

/**
 * Caps on what a hostile or corrupt file can make the reader fetch or walk. Linux writes one PT_LOAD
 * per mapping, and the stack (where AT_EXECFN points) is usually among the last, so the program
 * header cap is generous: 16384 headers are under 1 MiB.
 */
export const CORE_DUMP_READ_LIMITS = {
  maxProgramHeaders: 16_384,
  maxNoteBytes: 16 * 1024 * 1024,
  maxThreads: 4096,
  maxMappedFiles: 16_384,
  /** PATH_MAX: the longest AT_EXECFN string worth reading. */
  maxPathBytes: 4096,
} as const;

interface Segment {
  offset: bigint;
  vaddr: bigint;
  fileSize: bigint;
  align: bigint;
}

interface CoreNotes {
  threadCount: number;
  crashingThread: PrStatus | null;
  psInfo: PrPsInfo | null;
  execFnAddress: bigint | null;
  sigInfoSignal: number | null;
  mappedFiles: MappedFile[] | null;
}

/**
 * Extracts facts from a Linux ELF core (ELFCLASS64, little-endian) by reading only its headers, its
 * PT_NOTE segments and the AT_EXECFN string, never the memory image as a whole. A truncated or
 * corrupt file yields a partial result with warnings, or `not-core`; errors thrown by the reader
 * itself (I/O) propagate, so a failed download is not mistaken for a file that is not a core.
 */
export async function readCoreDump(
  reader: RangeReader,
  options: ReadCoreDumpOptions = {},
): Promise<CoreDumpReadResult> {
  const size = reader.size;
  if (!Number.isSafeInteger(size) || size < 0) return notCore(`the reader reports an invalid size (${size})`);

  const header = new LittleEndianView(await readAt(reader, 0, Math.min(size, ELF64_EHDR.size)));
  const headerProblem = checkElfHeader(header);
  if (headerProblem !== null) return notCore(headerProblem);

  const warnings: string[] = [];
  const architecture = coreArchitecture(header.u16(ELF64_EHDR.e_machine));
  if (architecture.registers === null) {
    warnings.push(`registers of ${architecture.name} cores are not decoded; pc and sp are unknown`);
  }

  const segments = await readProgramHeaders(reader, header, warnings);
  const notes = await readNotes(reader, segments.notes, architecture, warnings);
  const executablePath =
    notes.execFnAddress === null ? null : await readExecFn(reader, segments.loads, notes.execFnAddress, warnings);

  const thread = notes.crashingThread;
  const signal = thread?.signal ?? notes.sigInfoSignal;
  const facts: CoreDumpFacts = {
    architecture: architecture.name,
    signal,
    signalName: signal === null ? null : linuxSignalName(signal),
    // pr_pid of NT_PRSTATUS is a thread id; it is the process id only when there is one thread.
    pid: notes.psInfo?.pid ?? (notes.threadCount === 1 && thread && thread.pid > 0 ? thread.pid : null),
    executableName: notes.psInfo?.fileName ?? null,
    arguments: notes.psInfo?.arguments ?? null,
    executablePath,
    threadCount: notes.threadCount > 0 ? notes.threadCount : null,
    programCounter: thread?.programCounter == null ? null : hexAddress(thread.programCounter),
    stackPointer: thread?.stackPointer == null ? null : hexAddress(thread.stackPointer),
    mappedFiles: notes.mappedFiles ?? [],
  };
  applyFileNameHints(facts, options.fileName, warnings);
  return { kind: 'core', facts, warnings };
}

function notCore(reason: string): CoreDumpReadResult {
  return { kind: 'not-core', reason };
}

/** Reads at most `length` bytes; a reader that hands back more is trimmed, never trusted. */
async function readAt(reader: RangeReader, offset: number, length: number): Promise<Uint8Array> {
  if (length <= 0) return new Uint8Array(0);
  const bytes = await reader.read(offset, length);
  return bytes.byteLength > length ? bytes.subarray(0, length) : bytes;
}

/** Null when the header is a complete ELF64 little-endian ET_CORE header; otherwise why it is not. */
function checkElfHeader(header: LittleEndianView): string | null {
  const { bytes } = header;
  if (bytes.byteLength < ELF_MAGIC.length || ELF_MAGIC.some((byte, index) => bytes[index] !== byte)) {
    return 'not an ELF file (no \\x7fELF magic)';
  }
  if (bytes.byteLength < EI_NIDENT) return `truncated ELF identification (${bytes.byteLength} of ${EI_NIDENT} bytes)`;
  const elfClass = bytes[EI_CLASS];
  if (elfClass === ELFCLASS32) return '32-bit ELF (ELFCLASS32); only 64-bit cores are supported';
  if (elfClass !== ELFCLASS64) return `invalid ELF class ${elfClass}`;
  const data = bytes[EI_DATA];
  if (data === ELFDATA2MSB) return 'big-endian ELF (ELFDATA2MSB); only little-endian cores are supported';
  if (data !== ELFDATA2LSB) return `invalid ELF data encoding ${data}`;
  if (bytes.byteLength < ELF64_EHDR.size) {
    return `truncated ELF header (${bytes.byteLength} of ${ELF64_EHDR.size} bytes)`;
  }
  const type = header.u16(ELF64_EHDR.e_type);
  if (type !== ET_CORE) {
    return `ELF file of type ${ELF_TYPE_NAMES[type] ?? type}, not a core (ET_CORE)`;
  }
  return null;
}

async function readProgramHeaders(
  reader: RangeReader,
  header: LittleEndianView,
  warnings: string[],
): Promise<{ notes: Segment[]; loads: Segment[] }> {
  const none = { notes: [], loads: [] };
  const tableOffset = safeNumber(header.u64(ELF64_EHDR.e_phoff));
  const entrySize = header.u16(ELF64_EHDR.e_phentsize);
  let count = header.u16(ELF64_EHDR.e_phnum);
  if (count === PN_XNUM) {
    const extended = await readExtendedProgramHeaderCount(reader, header);
    if (extended === null) {
      warnings.push('e_phnum is PN_XNUM but section header 0 is unreadable; program headers ignored');
      return none;
    }
    count = extended;
  }
  if (count === 0) {
    warnings.push('no program headers');
    return none;
  }
  if (entrySize < ELF64_PHDR.size) {
    warnings.push(`e_phentsize ${entrySize} is smaller than Elf64_Phdr (${ELF64_PHDR.size}); program headers ignored`);
    return none;
  }
  if (tableOffset === null || tableOffset >= reader.size) {
    warnings.push('program header table lies beyond the end of the file');
    return none;
  }
  const maxEntries = Math.floor((CORE_DUMP_READ_LIMITS.maxProgramHeaders * ELF64_PHDR.size) / entrySize);
  if (count > maxEntries) {
    warnings.push(`${count} program headers; read only the first ${maxEntries}`);
    count = maxEntries;
  }
  const present = Math.min(count, Math.floor((reader.size - tableOffset) / entrySize));
  const table = new LittleEndianView(await readAt(reader, tableOffset, present * entrySize));
  const readable = Math.floor(table.length / entrySize);
  if (readable < count) warnings.push(`file truncated: ${readable} of ${count} program headers present`);

  const notes: Segment[] = [];
  const loads: Segment[] = [];
  for (let index = 0; index < readable; index++) {
    const entry = index * entrySize;
    const type = table.u32(entry + ELF64_PHDR.p_type);
    if (type !== PT_NOTE && type !== PT_LOAD) continue;
    const segment: Segment = {
      offset: table.u64(entry + ELF64_PHDR.p_offset),
      vaddr: table.u64(entry + ELF64_PHDR.p_vaddr),
      fileSize: table.u64(entry + ELF64_PHDR.p_filesz),
      align: table.u64(entry + ELF64_PHDR.p_align),
    };
    (type === PT_NOTE ? notes : loads).push(segment);
  }
  return { notes, loads };
}

async function readExtendedProgramHeaderCount(reader: RangeReader, header: LittleEndianView): Promise<number | null> {
  const sectionTable = safeNumber(header.u64(ELF64_EHDR.e_shoff));
  if (sectionTable === null || sectionTable === 0 || header.u16(ELF64_EHDR.e_shentsize) < ELF64_SHDR.size) return null;
  if (sectionTable + ELF64_SHDR.size > reader.size) return null;
  const section = new LittleEndianView(await readAt(reader, sectionTable, ELF64_SHDR.size));
  return section.has(ELF64_SHDR.sh_info, 4) ? section.u32(ELF64_SHDR.sh_info) : null;
}

async function readNotes(
  reader: RangeReader,
  segments: Segment[],
  architecture: CoreArchitecture,
  warnings: string[],
): Promise<CoreNotes> {
  const notes: CoreNotes = {
    threadCount: 0,
    crashingThread: null,
    psInfo: null,
    execFnAddress: null,
    sigInfoSignal: null,
    mappedFiles: null,
  };
  if (segments.length === 0) warnings.push('no PT_NOTE segment; process facts are unknown');

  let budget = CORE_DUMP_READ_LIMITS.maxNoteBytes;
  let threadsCapped = false;
  for (const segment of segments) {
    const offset = safeNumber(segment.offset);
    const fileSize = safeNumber(segment.fileSize);
    if (offset === null || fileSize === null || offset >= reader.size) {
      warnings.push('a PT_NOTE segment lies beyond the end of the file');
      continue;
    }
    let length = Math.min(fileSize, reader.size - offset);
    if (length < fileSize) warnings.push('file truncated inside a PT_NOTE segment');
    if (length > budget) {
      warnings.push(`note segments exceed ${CORE_DUMP_READ_LIMITS.maxNoteBytes} bytes; the rest are not read`);
      length = budget;
    }
    if (length === 0) continue;
    budget -= length;

    const bytes = await readAt(reader, offset, length);
    for (const note of iterateNotes(bytes, segment.align === 8n ? 8 : 4, warnings)) {
      if (note.name !== CORE_NOTE_NAME) continue;
      switch (note.type) {
        case NT_PRSTATUS:
          if (notes.threadCount >= CORE_DUMP_READ_LIMITS.maxThreads) {
            threadsCapped = true;
            break;
          }
          notes.threadCount++;
          // The kernel (fill_note_info) and qemu both write the thread that took the signal first.
          if (notes.threadCount === 1) {
            notes.crashingThread = decodePrStatus(note.desc, architecture.registers, warnings);
          }
          break;
        case NT_PRPSINFO:
          notes.psInfo ??= decodePrPsInfo(note.desc, warnings);
          break;
        case NT_AUXV:
          notes.execFnAddress ??= findExecFnAddress(note.desc);
          break;
        case NT_SIGINFO:
          notes.sigInfoSignal ??= decodeSigInfoSignal(note.desc);
          break;
        case NT_FILE:
          notes.mappedFiles ??= decodeFileNote(note.desc, CORE_DUMP_READ_LIMITS.maxMappedFiles, warnings);
          break;
      }
    }
    if (budget === 0) break;
  }
  if (threadsCapped) warnings.push(`more than ${CORE_DUMP_READ_LIMITS.maxThreads} threads; threadCount is capped`);
  return notes;
}

/** Resolves AT_EXECFN through the PT_LOAD segment that holds its address (the top of the stack). */
async function readExecFn(
  reader: RangeReader,
  loads: Segment[],
  address: bigint,
  warnings: string[],
): Promise<string | null> {
  const segment = loads.find((load) => address >= load.vaddr && address - load.vaddr < load.fileSize);
  if (!segment) {
    warnings.push(`AT_EXECFN ${hexAddress(address)} is not in any dumped PT_LOAD segment`);
    return null;
  }
  const offset = safeNumber(segment.offset + (address - segment.vaddr));
  if (offset === null || offset >= reader.size) {
    warnings.push('file truncated before the executable path (AT_EXECFN)');
    return null;
  }
  const inSegment = segment.fileSize - (address - segment.vaddr);
  const length = Math.min(
    CORE_DUMP_READ_LIMITS.maxPathBytes,
    Number(inSegment < 1n << 32n ? inSegment : 1n << 32n),
    reader.size - offset,
  );
  const bytes = await readAt(reader, offset, length);
  const nul = bytes.indexOf(0);
  if (nul === -1) {
    warnings.push(`executable path (AT_EXECFN) is not NUL-terminated within ${bytes.byteLength} bytes`);
    return null;
  }
  return nul === 0 ? null : new LittleEndianView(bytes).cString(0, nul);
}

/**
 * What a core's name adds to what its bytes say (`core.%p.%E`: pid and executable where the notes
 * lack them): the bytes' facts are a blob's, read once; the name's are each artifact's.
 */
export function withFileNameHints(bytesFacts: CoreDumpFacts, fileName: string): { facts: CoreDumpFacts; warnings: string[] } {
  const facts = { ...bytesFacts, mappedFiles: [...bytesFacts.mappedFiles] };
  const warnings: string[] = [];
  applyFileNameHints(facts, fileName, warnings);
  return { facts, warnings };
}

function applyFileNameHints(facts: CoreDumpFacts, fileName: string | undefined, warnings: string[]): void {
  if (fileName === undefined) return;
  const hints = parseCoreFileName(fileName);
  if (hints === null) return;
  if (hints.pid !== null && facts.pid !== null && hints.pid !== facts.pid) {
    warnings.push(`file name says pid ${hints.pid} but the notes say ${facts.pid}; kept the notes' pid`);
  }
  facts.pid ??= hints.pid;
  facts.executablePath ??= hints.executablePath;
  facts.executableName ??= hints.executableName;
}
