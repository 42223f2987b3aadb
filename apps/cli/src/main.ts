import { homedir } from 'node:os';
import { Command, CommanderError } from 'commander';
import { CLI_VERSION } from './cli-version';
import { createHttpDispatcher, fetchThrough, proxySettingsFromEnv } from './http-dispatcher';
import { warnWhenServerIsNewer } from './server-version-check';
import { storeArtifacts, type StoreArtifactsIo } from './store-artifacts.command';
import { UsageError, resolveStoreArtifactsConfig, type StoreArtifactsCliOptions } from './store-artifacts-options';

export interface CliIo extends StoreArtifactsIo {
  env: Record<string, string | undefined>;
}

const STORE_ARTIFACTS_HELP = `
Environment:
  STOWAGE_URL, STOWAGE_TOKEN (or CIRCLE_TOKEN), STOWAGE_PROJECT stand in for --url, --token and --project.
  Inside a CircleCI job the rest comes from CircleCI's own variables:
    CIRCLE_PROJECT_USERNAME + CIRCLE_PROJECT_REPONAME   the project (with --vcs, default gh)
    CIRCLE_BUILD_NUM                                    --job-number
    CIRCLE_NODE_INDEX                                   --node-index (default 0)
    CIRCLE_JOB, CIRCLE_BRANCH, CIRCLE_SHA1              job name, branch and revision shown in Stowage
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY (or lowercase) send requests through a proxy, as curl does.

Examples:
  # In a CircleCI job, with STOWAGE_URL and STOWAGE_TOKEN set in a context:
  $ stowage store-artifacts --path /tmp/artifacts
  $ stowage store-artifacts --path /tmp/artifact-1 --destination artifact-file

  # Anywhere else, everything explicit:
  $ STOWAGE_TOKEN=... stowage store-artifacts --url https://stowage.example.com \\
      --project gh/acme/app --job-number 1234 --path build/reports --destination reports

Exit codes:
  0  every file was stored (or the path does not exist, as with CircleCI's store_artifacts)
  1  one or more files were not stored; each is listed with the reason
  2  the command was used wrongly: a missing or invalid option, an unusable path or destination
`;

/** The `stowage` program. Commander only parses; every rule lives in the command's own files. */
export function buildProgram(io: CliIo, onExitCode: (code: number) => void): Command {
  const program = new Command('stowage')
    .description('Stowage command-line tools: store CI build artifacts in a Stowage server.')
    // Settings set before .command() are inherited by the subcommands.
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError('(add --help for usage)')
    .version(CLI_VERSION, '-V, --version', 'print the version of this CLI');

  program
    .command('store-artifacts')
    .description("Upload a file or a directory as artifacts of a CI job, as CircleCI's store_artifacts step does.")
    .option('--path <file-or-directory>', "what to upload, like store_artifacts' path (required)")
    .option('--destination <prefix>', "prefix of the artifact paths, like store_artifacts' destination (default: the path's own location)")
    .option('--url <url>', 'Stowage server URL (env: STOWAGE_URL)')
    .option('--token <token>', 'API token allowed to upload to the project (env: STOWAGE_TOKEN or CIRCLE_TOKEN; prefer those, options show in ps)')
    .option('--project <slug>', 'project slug such as gh/acme/app (env: STOWAGE_PROJECT; default: <vcs>/$CIRCLE_PROJECT_USERNAME/$CIRCLE_PROJECT_REPONAME)')
    .option('--vcs <type>', 'VCS prefix used with the CircleCI variables: gh, bb or circleci (default: gh)')
    .option('--job-number <n>', 'job (build) number (env: CIRCLE_BUILD_NUM)')
    .option('--node-index <n>', 'index of this parallel run of the job (env: CIRCLE_NODE_INDEX; default: 0)')
    .option('--concurrency <n>', 'files hashed and parts uploaded at the same time, 1-64 (default: 4)')
    .option('--retries <n>', 'retries of a part or request after a network error, 5xx or 429, 0-20 (default: 5)')
    .option('--batch-threshold <bytes>', 'files up to this size are sent in batches, one tar stream each; 0 sends every file on its own (default: 1048576)')
    .addHelpText('after', STORE_ARTIFACTS_HELP)
    .action(async (options: StoreArtifactsCliOptions) => {
      const config = resolveStoreArtifactsConfig(options, io.env);
      // Every request honours HTTP(S)_PROXY / NO_PROXY; part uploads get their own dispatcher (capped
      // at the concurrency) from the same settings, in PartUploader.
      const proxy = proxySettingsFromEnv(io.env);
      const apiDispatcher = io.fetch ? undefined : createHttpDispatcher(proxy);
      const apiFetch = io.fetch ?? fetchThrough(apiDispatcher!);
      try {
        const result = await storeArtifacts(config, { ...io, proxy, fetch: warnWhenServerIsNewer(apiFetch, CLI_VERSION, io.stderr) });
        onExitCode(result.exitCode);
      } finally {
        await apiDispatcher?.close();
      }
    });

  return program;
}

/** Runs the CLI and returns its exit code; never exits the process itself, so tests can call it. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  try {
    await buildProgram(io, (code) => (exitCode = code)).parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    // Commander has printed its own message (unknown option, --help) already.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError) {
      for (const problem of error.problems) io.stderr.write(`error: ${problem}\n`);
      io.stderr.write('(run stowage store-artifacts --help for usage)\n');
      return error.exitCode;
    }
    io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

export async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    home: homedir(),
  });
}

if (require.main === module) void main();
