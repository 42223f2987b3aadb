import type { CoreDumpFacts } from '@stowage/contracts';
import type { RegisterLayout } from './core-architectures';
import {
  AT_EXECFN,
  AT_NULL,
  ELF_NHDR_SIZE,
  ELF_PRPSINFO,
  ELF_PRSTATUS,
  NT_FILE_ENTRY_SIZE,
  NT_FILE_HEADER_SIZE,
  SIGINFO_SI_SIGNO,
} from './elf-layout';
import { hexAddress, LittleEndianView } from './little-endian-view';

export interface ElfNote {
  /** Owner name without its NUL terminator ("CORE", "LINUX", ...). */
  name: string;
  type: number;
  desc: Uint8Array;
}

/**
 * Walks the notes of one PT_NOTE segment (gABI "Note Section"): each Elf64_Nhdr is followed by the
 * name and the descriptor, each padded to `alignment`. Stops with a warning at a note that runs past
 * the bytes; every step advances by at least the header size, so a corrupt segment cannot loop.
 */
export function* iterateNotes(segment: Uint8Array, alignment: 4 | 8, warnings: string[]): Generator<ElfNote> {
  const view = new LittleEndianView(segment);
  const align = (n: number) => Math.ceil(n / alignment) * alignment;
  let position = 0;
  while (view.has(position, ELF_NHDR_SIZE)) {
    const nameSize = view.u32(position);
    const descSize = view.u32(position + 4);
    const type = view.u32(position + 8);
    const nameStart = position + ELF_NHDR_SIZE;
    const descStart = align(nameStart + nameSize);
    const descEnd = descStart + descSize;
    if (descEnd > segment.byteLength) {
      warnings.push(`note at segment offset ${position} runs past the end of the note data; later notes are lost`);
      return;
    }
    yield { name: view.cString(nameStart, nameSize), type, desc: segment.subarray(descStart, descEnd) };
    position = Math.max(align(descEnd), position + ELF_NHDR_SIZE);
  }
  if (position < segment.byteLength && segment.subarray(position).some((byte) => byte !== 0)) {
    warnings.push(`${segment.byteLength - position} stray bytes after the last note`);
  }
}

export interface PrStatus {
  /** pr_cursig, falling back to pr_info.si_signo; null when neither names a signal. */
  signal: number | null;
  /** The thread's id (the process id only for the main thread). */
  pid: number;
  programCounter: bigint | null;
  stackPointer: bigint | null;
}

/** Decodes struct elf_prstatus (layout in elf-layout.ts); null when the common part is cut short. */
export function decodePrStatus(
  desc: Uint8Array,
  registers: RegisterLayout | null,
  warnings: string[],
): PrStatus | null {
  const view = new LittleEndianView(desc);
  if (!view.has(0, ELF_PRSTATUS.pr_reg)) {
    warnings.push(`NT_PRSTATUS is ${desc.byteLength} bytes, too short for elf_prstatus`);
    return null;
  }
  const cursig = view.i16(ELF_PRSTATUS.pr_cursig);
  const signo = view.i32(ELF_PRSTATUS.si_signo);
  const status: PrStatus = {
    signal: cursig > 0 ? cursig : signo > 0 ? signo : null,
    pid: view.i32(ELF_PRSTATUS.pr_pid),
    programCounter: null,
    stackPointer: null,
  };
  if (registers) {
    if (view.has(ELF_PRSTATUS.pr_reg, registers.words * 8)) {
      status.programCounter = view.u64(ELF_PRSTATUS.pr_reg + registers.programCounter * 8);
      status.stackPointer = view.u64(ELF_PRSTATUS.pr_reg + registers.stackPointer * 8);
    } else {
      warnings.push(`NT_PRSTATUS is ${desc.byteLength} bytes, too short for this architecture's registers`);
    }
  }
  return status;
}

export interface PrPsInfo {
  pid: number | null;
  fileName: string | null;
  arguments: string | null;
}

/** Decodes struct elf_prpsinfo (layout in elf-layout.ts), keeping whichever fields the note holds whole. */
export function decodePrPsInfo(desc: Uint8Array, warnings: string[]): PrPsInfo {
  const view = new LittleEndianView(desc);
  const { pr_pid, pr_fname, pr_fname_size, pr_psargs, pr_psargs_size } = ELF_PRPSINFO;
  if (!view.has(0, pr_psargs + pr_psargs_size)) {
    warnings.push(`NT_PRPSINFO is ${desc.byteLength} bytes, shorter than elf_prpsinfo`);
  }
  const pid = view.has(pr_pid, 4) ? view.i32(pr_pid) : 0;
  const fileName = view.has(pr_fname, pr_fname_size) ? view.cString(pr_fname, pr_fname_size) : '';
  // fill_psinfo() turns argv's NULs into spaces, so the last argument ends in a space.
  const args = view.has(pr_psargs, pr_psargs_size) ? view.cString(pr_psargs, pr_psargs_size).trimEnd() : '';
  return { pid: pid > 0 ? pid : null, fileName: fileName || null, arguments: args || null };
}

/** The a_val of AT_EXECFN in NT_AUXV: the address of the exec'd path in the process's memory. */
export function findExecFnAddress(desc: Uint8Array): bigint | null {
  const view = new LittleEndianView(desc);
  for (let position = 0; view.has(position, 16); position += 16) {
    const type = view.u64(position);
    if (type === BigInt(AT_NULL)) return null;
    if (type === BigInt(AT_EXECFN)) return view.u64(position + 8);
  }
  return null;
}

/** The signal in NT_SIGINFO's siginfo_t, or null. */
export function decodeSigInfoSignal(desc: Uint8Array): number | null {
  const view = new LittleEndianView(desc);
  if (!view.has(SIGINFO_SI_SIGNO, 4)) return null;
  const signo = view.i32(SIGINFO_SI_SIGNO);
  return signo > 0 ? signo : null;
}

export type MappedFile = CoreDumpFacts['mappedFiles'][number];

/** Decodes NT_FILE (layout in elf-layout.ts); `offset` is converted from pages to bytes, as gdb shows it. */
export function decodeFileNote(desc: Uint8Array, maxEntries: number, warnings: string[]): MappedFile[] {
  const view = new LittleEndianView(desc);
  if (!view.has(0, NT_FILE_HEADER_SIZE)) {
    warnings.push(`NT_FILE is ${desc.byteLength} bytes, too short for its header`);
    return [];
  }
  const claimed = view.u64(0);
  const pageSize = view.u64(8);
  const fits = BigInt(Math.floor((desc.byteLength - NT_FILE_HEADER_SIZE) / NT_FILE_ENTRY_SIZE));
  let count = Number(claimed < fits ? claimed : fits);
  if (claimed > fits) warnings.push(`NT_FILE claims ${claimed} mappings but holds at most ${fits}`);
  if (count > maxEntries) {
    warnings.push(`NT_FILE lists ${count} mappings; kept the first ${maxEntries}`);
    count = maxEntries;
  }

  const files: MappedFile[] = [];
  // The names follow the whole table of `claimed` entries, not just the ones kept.
  let namePosition = NT_FILE_HEADER_SIZE + Number(claimed < fits ? claimed : fits) * NT_FILE_ENTRY_SIZE;
  for (let index = 0; index < count; index++) {
    const nul = desc.indexOf(0, namePosition);
    if (nul === -1) {
      warnings.push(`NT_FILE names end after ${index} of ${count} mappings`);
      break;
    }
    const entry = NT_FILE_HEADER_SIZE + index * NT_FILE_ENTRY_SIZE;
    files.push({
      path: view.cString(namePosition, nul - namePosition),
      start: hexAddress(view.u64(entry)),
      end: hexAddress(view.u64(entry + 8)),
      offset: hexAddress(view.u64(entry + 16) * pageSize),
    });
    namePosition = nul + 1;
  }
  return files;
}
