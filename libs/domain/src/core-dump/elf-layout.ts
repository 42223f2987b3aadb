/**
 * ELF64 constants and structure offsets the core reader needs, from the System V gABI
 * ("Object Files" chapter) and Linux's include/uapi/linux/elf.h. All offsets are in bytes.
 */

// e_ident (gABI "ELF Identification").
export const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46] as const; // "\x7fELF"
export const EI_CLASS = 4;
export const EI_DATA = 5;
export const EI_NIDENT = 16;
export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;

/** Elf64_Ehdr: e_ident[16], e_type u16, e_machine u16, e_version u32, e_entry u64, e_phoff u64,
 *  e_shoff u64, e_flags u32, e_ehsize u16, e_phentsize u16, e_phnum u16, e_shentsize u16,
 *  e_shnum u16, e_shstrndx u16 (64 bytes). */
export const ELF64_EHDR = {
  size: 64,
  e_type: 16,
  e_machine: 18,
  e_phoff: 32,
  e_shoff: 40,
  e_phentsize: 54,
  e_phnum: 56,
  e_shentsize: 58,
} as const;

export const ET_CORE = 4;
export const ELF_TYPE_NAMES: Readonly<Record<number, string>> = { 0: 'ET_NONE', 1: 'ET_REL', 2: 'ET_EXEC', 3: 'ET_DYN' };

/** When e_phnum is PN_XNUM the real count is in sh_info of section header 0 (gABI, Linux >= 2.6.34). */
export const PN_XNUM = 0xffff;
/** Elf64_Shdr: sh_name u32, sh_type u32, sh_flags u64, sh_addr u64, sh_offset u64, sh_size u64,
 *  sh_link u32, sh_info u32, ... (64 bytes). */
export const ELF64_SHDR = { size: 64, sh_info: 44 } as const;

/** Elf64_Phdr: p_type u32, p_flags u32, p_offset u64, p_vaddr u64, p_paddr u64, p_filesz u64,
 *  p_memsz u64, p_align u64 (56 bytes). */
export const ELF64_PHDR = { size: 56, p_type: 0, p_offset: 8, p_vaddr: 16, p_filesz: 32, p_align: 48 } as const;
export const PT_LOAD = 1;
export const PT_NOTE = 4;

/** Elf64_Nhdr: n_namesz u32, n_descsz u32, n_type u32, then the name and the descriptor, each padded
 *  to 4 bytes (Linux cores use 4-byte note alignment even in ELF64; 8 only when p_align is 8). */
export const ELF_NHDR_SIZE = 12;

// Note types in the "CORE" namespace (include/uapi/linux/elf.h).
export const NT_PRSTATUS = 1;
export const NT_PRPSINFO = 3;
export const NT_AUXV = 6;
export const NT_SIGINFO = 0x53494749; // "SIGI"
export const NT_FILE = 0x46494c45; // "FILE"
export const CORE_NOTE_NAME = 'CORE';

/**
 * struct elf_prstatus (include/linux/elfcore.h) on 64-bit Linux:
 *   struct elf_siginfo pr_info { int si_signo; int si_code; int si_errno; }  @0
 *   short pr_cursig                                                          @12
 *   unsigned long pr_sigpend, pr_sighold                                     @16, @24
 *   pid_t pr_pid, pr_ppid, pr_pgrp, pr_sid                                   @32..@44
 *   struct __kernel_old_timeval pr_utime, pr_stime, pr_cutime, pr_cstime     @48..@111
 *   elf_gregset_t pr_reg                                                     @112 (per architecture)
 *   int pr_fpvalid
 */
export const ELF_PRSTATUS = { si_signo: 0, pr_cursig: 12, pr_pid: 32, pr_reg: 112 } as const;

/**
 * struct elf_prpsinfo (include/linux/elfcore.h) on 64-bit Linux (uid/gid are 32-bit on x86_64 and arm64):
 *   char pr_state, pr_sname, pr_zomb, pr_nice  @0..@3
 *   unsigned long pr_flag                      @8
 *   __kernel_uid_t pr_uid; __kernel_gid_t pr_gid  @16, @20
 *   pid_t pr_pid, pr_ppid, pr_pgrp, pr_sid     @24..@36
 *   char pr_fname[16]                          @40  (comm, NUL-padded, possibly unterminated)
 *   char pr_psargs[80]                         @56  (ELF_PRARGSZ; argv joined by spaces)
 * 136 bytes in all.
 */
export const ELF_PRPSINFO = { pr_pid: 24, pr_fname: 40, pr_fname_size: 16, pr_psargs: 56, pr_psargs_size: 80 } as const;

/** NT_AUXV: the process's auxiliary vector, Elf64_auxv_t { u64 a_type; u64 a_val; } pairs ending at AT_NULL. */
export const AT_NULL = 0;
export const AT_EXECFN = 31;

/**
 * NT_FILE (fs/binfmt_elf.c fill_files_note), every field a native long:
 *   long count; long page_size;
 *   struct { long start, end, file_ofs; } [count]   -- file_ofs in units of page_size
 *   char filenames[]                                -- count NUL-terminated paths, in the same order
 */
export const NT_FILE_HEADER_SIZE = 16;
export const NT_FILE_ENTRY_SIZE = 24;

/** siginfo_t (NT_SIGINFO) starts with int si_signo. */
export const SIGINFO_SI_SIGNO = 0;
