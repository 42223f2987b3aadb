/**
 * Linux signal numbers as in include/uapi/asm-generic/signal.h, which x86_64 and arm64 share
 * (alpha, mips, parisc and sparc number some signals differently).
 */
const LINUX_SIGNAL_NAMES: Readonly<Record<number, string>> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  4: 'SIGILL',
  5: 'SIGTRAP',
  6: 'SIGABRT',
  7: 'SIGBUS',
  8: 'SIGFPE',
  9: 'SIGKILL',
  10: 'SIGUSR1',
  11: 'SIGSEGV',
  12: 'SIGUSR2',
  13: 'SIGPIPE',
  14: 'SIGALRM',
  15: 'SIGTERM',
  16: 'SIGSTKFLT',
  17: 'SIGCHLD',
  18: 'SIGCONT',
  19: 'SIGSTOP',
  20: 'SIGTSTP',
  21: 'SIGTTIN',
  22: 'SIGTTOU',
  23: 'SIGURG',
  24: 'SIGXCPU',
  25: 'SIGXFSZ',
  26: 'SIGVTALRM',
  27: 'SIGPROF',
  28: 'SIGWINCH',
  29: 'SIGIO',
  30: 'SIGPWR',
  31: 'SIGSYS',
};

/** Kernel real-time signals run from 32 to _NSIG (64); glibc reserves the first two for itself. */
const KERNEL_SIGRTMIN = 32;
const KERNEL_SIGRTMAX = 64;

/** 'SIGABRT' for 6, 'SIGRTMIN+2' for 34, null for anything that is not a Linux signal number. */
export function linuxSignalName(signal: number): string | null {
  const name = LINUX_SIGNAL_NAMES[signal];
  if (name !== undefined) return name;
  if (Number.isInteger(signal) && signal >= KERNEL_SIGRTMIN && signal <= KERNEL_SIGRTMAX) {
    return signal === KERNEL_SIGRTMIN ? 'SIGRTMIN' : `SIGRTMIN+${signal - KERNEL_SIGRTMIN}`;
  }
  return null;
}
