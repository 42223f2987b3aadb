/** Where the crashing thread's pc and sp sit in elf_prstatus.pr_reg, as indexes of 64-bit words. */
export interface RegisterLayout {
  /** Words in elf_gregset_t; the note must hold all of them for the registers to be trusted. */
  words: number;
  programCounter: number;
  stackPointer: number;
}

export interface CoreArchitecture {
  name: string;
  /** Null for machines whose register layout this reader does not know. */
  registers: RegisterLayout | null;
}

// x86_64: elf_gregset_t is struct user_regs_struct (arch/x86/include/asm/user_64.h): r15, r14, r13,
// r12, rbp, rbx, r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi, orig_rax, rip, cs, eflags, rsp, ss,
// fs_base, gs_base, ds, es, fs, gs.
const X86_64_REGISTERS: RegisterLayout = { words: 27, programCounter: 16, stackPointer: 19 };

// arm64: elf_gregset_t is struct user_pt_regs (arch/arm64/include/uapi/asm/ptrace.h):
// regs[31] (x0..x30), sp, pc, pstate.
const AARCH64_REGISTERS: RegisterLayout = { words: 34, programCounter: 32, stackPointer: 31 };

export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;

// e_machine values (gABI / include/uapi/linux/elf-em.h) of other Linux architectures, named so the
// facts still say what a foreign core is.
const OTHER_MACHINE_NAMES: Readonly<Record<number, string>> = {
  2: 'sparc',
  3: 'i386',
  8: 'mips',
  20: 'ppc',
  21: 'ppc64',
  22: 's390',
  40: 'arm',
  42: 'sh',
  43: 'sparc64',
  50: 'ia64',
  243: 'riscv',
  258: 'loongarch',
  0x9026: 'alpha',
};

export function coreArchitecture(machine: number): CoreArchitecture {
  if (machine === EM_X86_64) return { name: 'x86_64', registers: X86_64_REGISTERS };
  if (machine === EM_AARCH64) return { name: 'aarch64', registers: AARCH64_REGISTERS };
  return { name: OTHER_MACHINE_NAMES[machine] ?? `e_machine ${machine}`, registers: null };
}
