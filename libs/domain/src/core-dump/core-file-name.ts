/** What a core file's name says about the crashed process, for facts its notes lack. */
export interface CoreFileNameHints {
  /** Which naming convention matched. */
  convention: 'core' | 'core.%p' | 'core.%p.%E' | 'qemu';
  pid: number | null;
  /** From %E; only absolute paths, because the kernel writes the executable's full path. */
  executablePath: string | null;
  /** qemu names the core after the guest program's basename. */
  executableName: string | null;
}

// Largest pid Linux can hand out is PID_MAX_LIMIT (4 << 20); anything beyond int32 is surely not a pid.
const MAX_PID = 0x7fffffff;

// core(5): plain `core`, `core.%p` when /proc/sys/kernel/core_uses_pid is 1, and the common
// `core.%p.%E` pattern, where %E is the executable's path with each '/' replaced by '!'.
const KERNEL_CORE_NAME = /^core(?:\.(\d{1,10})(?:\.(!.*))?)?$/;

// qemu-user (linux-user/elfload.c core_dump_filename): "qemu_%s_%s_%d.core" with the program's
// basename, the local time as "%Y%m%d-%H%M%S", and qemu's own pid (the guest's pid too).
const QEMU_CORE_NAME = /^qemu_(.+)_(\d{8}-\d{6})_(\d{1,10})\.core$/;

/**
 * Recognises kernel and qemu core file naming conventions in the last path segment of `fileName`.
 * %E is lossy: a '!' that was in the original path comes back as '/'.
 */
export function parseCoreFileName(fileName: string): CoreFileNameHints | null {
  const baseName = fileName.slice(fileName.lastIndexOf('/') + 1);

  const kernel = KERNEL_CORE_NAME.exec(baseName);
  if (kernel) {
    const [, pidText, bangPath] = kernel;
    const pid = parsePid(pidText);
    if (pidText !== undefined && pid === null) return null;
    const executablePath = bangPath === undefined || bangPath === '!' ? null : bangPath.replaceAll('!', '/');
    return {
      convention: bangPath !== undefined ? 'core.%p.%E' : pidText !== undefined ? 'core.%p' : 'core',
      pid,
      executablePath,
      executableName: null,
    };
  }

  const qemu = QEMU_CORE_NAME.exec(baseName);
  if (qemu) {
    const [, program, , pidText] = qemu;
    const pid = parsePid(pidText);
    if (pid === null) return null;
    return { convention: 'qemu', pid, executablePath: null, executableName: program ?? null };
  }

  return null;
}

function parsePid(text: string | undefined): number | null {
  if (text === undefined) return null;
  const pid = Number(text);
  return Number.isSafeInteger(pid) && pid > 0 && pid <= MAX_PID ? pid : null;
}
