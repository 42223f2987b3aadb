/**
 * The CLI's side of the S3 upload benchmark: the built CLI's own `runCli`, in a process of its own,
 * timed from after module loading (as the SDK yardstick is) until it returns: collecting the file,
 * create, every part with its SHA-256, complete. Without the wrapper only the whole process could be
 * timed, and Node's start-up and module loading (different for the two sides) would count.
 * usage: node cli-upload-process.js <built cli main.js> <cli arguments…>
 * prints: { seconds, cpuSeconds, processCpuSeconds, exitCode } as JSON on stdout; the CLI's own output goes to stderr.
 */
interface BuiltCli {
  runCli(argv: readonly string[], io: Record<string, unknown>): Promise<number>;
}

/** All the CPU this process has used so far, start-up included (the benchmark accounts for the machine's whole load). */
function totalCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

async function main() {
  const [entry, ...argv] = process.argv.slice(2);
  // A path known only at run time: the CLI is built separately, and tools do not import apps.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runCli } = require(entry) as BuiltCli;
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const exitCode = await runCli(argv, { env: process.env, stdout: process.stderr, stderr: process.stderr, cwd: process.cwd(), home: process.env.HOME ?? '/' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { user, system } = process.cpuUsage(cpu);
  process.stdout.write(JSON.stringify({ seconds, cpuSeconds: (user + system) / 1e6, processCpuSeconds: totalCpuSeconds(), exitCode }));
  process.exitCode = exitCode;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
