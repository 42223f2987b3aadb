// Real cores for the core-dump specs: an x86_64 core made on the spot, and the aarch64 fixture
// that tools/fixtures/make-aarch64-core.sh produced under qemu-user.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const ABORTING_PROGRAM = '#include <stdlib.h>\nint main(int argc, char **argv) { abort(); }\n';

export interface HostCore {
  bytes: Uint8Array;
  /** The name the kernel gave the core ('core' or 'core.<pid>'). */
  fileName: string;
  /** The crashed process's pid: bash `exec`s the program, so it is the pid spawnSync started. */
  pid: number;
  /** The directory the program ran in (removed once the core is in memory). */
  directory: string;
  /** The compiled program itself: an ELF file that is not a core. */
  executable: Uint8Array;
}

/**
 * Compiles ABORTING_PROGRAM with gcc, runs it as `./dump arg1` with cores enabled and returns the core.
 * Throws, with the reason, when this machine cannot produce one: the spec must fail, not skip.
 */
export function produceHostCore(): HostCore {
  const pattern = readFileSync('/proc/sys/kernel/core_pattern', 'utf8').trim();
  if (pattern.startsWith('|')) {
    throw new Error(
      `kernel.core_pattern is '${pattern}': cores are piped to a handler (systemd-coredump, apport...) ` +
        `instead of being written beside the program. Run \`sysctl kernel.core_pattern=core\` to run this test.`,
    );
  }
  const directory = mkdtempSync(join(tmpdir(), 'stowage-core-'));
  try {
    writeFileSync(join(directory, 'main.c'), ABORTING_PROGRAM);
    execFileSync('gcc', ['-o', 'dump', 'main.c'], { cwd: directory, stdio: 'pipe' });
    // Exit 97 if the hard limit forbids cores, so that failure is not mistaken for the crash.
    const run = spawnSync('bash', ['-c', 'ulimit -c unlimited || exit 97; exec ./dump arg1'], {
      cwd: directory,
      stdio: 'pipe',
    });
    if (run.signal !== 'SIGABRT' || run.pid === undefined) {
      throw new Error(
        `expected ./dump to die of SIGABRT, got status ${run.status} signal ${run.signal}: ${run.stderr.toString()}`,
      );
    }
    const cores = readdirSync(directory).filter((name) => name === 'core' || name.startsWith('core.'));
    if (cores.length !== 1) {
      throw new Error(
        `no core file was written in ${directory} (found: ${readdirSync(directory).join(', ')}); ` +
          `kernel.core_pattern is '${pattern}'. This test expects the pattern 'core' (optionally with ` +
          `kernel.core_uses_pid=1) and a core size limit that \`ulimit -c unlimited\` may raise.`,
      );
    }
    const fileName = cores[0] as string;
    return {
      bytes: new Uint8Array(readFileSync(join(directory, fileName))),
      fileName,
      pid: run.pid,
      directory,
      executable: new Uint8Array(readFileSync(join(directory, 'dump'))),
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

export const AARCH64_FIXTURE = join(__dirname, '../../test/fixtures/core-dumps/aarch64-abort.core.gz');

/** The qemu-user aarch64 core, gunzipped in memory. */
export function loadAarch64Core(): Uint8Array {
  return new Uint8Array(gunzipSync(readFileSync(AARCH64_FIXTURE)));
}
