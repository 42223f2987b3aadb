import { homedir } from 'node:os';
import { Command, CommanderError } from 'commander';
import { CLI_VERSION } from './cli-version';
import { createHttpDispatcher, fetchThrough, proxySettingsFromEnv } from './http-dispatcher';
import { warnWhenServerIsNewer } from './server-version-check';
import { compareJobs, resolveCompareConfig, type CompareCliOptions } from './compare.command';
import { DOWNLOAD_ARTIFACTS_HELP, downloadArtifacts, resolveDownloadArtifactsConfig, type DownloadArtifactsCliOptions } from './download-artifacts.command';
import { finishJob, resolveJobFinishConfig, type JobFinishCliOptions } from './job-finish.command';
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

const JOB_FINISH_HELP = `
The job is found as store-artifacts finds it (same options and variables), and is created if it
stored no artifacts. The server records the status and the time it stopped; reporting again is
harmless. Anyone with a token that may upload to the project can set a job's status, name and
branch: a "latest successful build" says what the project's CI reported, nothing more.

Environment:
  STOWAGE_URL, STOWAGE_TOKEN (or CIRCLE_TOKEN), STOWAGE_PROJECT stand in for --url, --token and --project.
  Inside a CircleCI job: CIRCLE_PROJECT_USERNAME + CIRCLE_PROJECT_REPONAME (the project),
  CIRCLE_BUILD_NUM (--job-number), CIRCLE_JOB, CIRCLE_BRANCH, CIRCLE_SHA1 (--name, --branch, --revision).
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY (or lowercase) send requests through a proxy, as curl does.

Examples:
  # The last steps of a CircleCI job (CircleCI has no status variable; one step runs either way):
  #   - run: { name: Job failed, when: on_fail, command: stowage job finish --status failed }
  #   - run: { name: Job succeeded, when: on_success, command: stowage job finish --status success }
  $ stowage job finish --status success

  # GitHub Actions, in a step with if: always() (success, failure and cancelled are accepted as is):
  $ stowage job finish --status "\${{ job.status }}" --project gh/\${{ github.repository }} \\
      --job-number \${{ github.run_number }} --branch "\${{ github.ref_name }}" --revision \${{ github.sha }}

Exit codes:
  0  the server recorded the status
  1  the server refused it (its message is printed) or could not be reached
  2  the command was used wrongly: a missing or invalid status, option or variable
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

  const collect = (value: string, previous: string[] = []) => [...previous, value];
  program
    .command('download-artifacts')
    .description("Download a job's artifacts to a directory, checking each file's SHA-256; resumes and skips what is already there.")
    .option('--job-number <n>', 'the job whose artifacts to download')
    .option('--latest', 'the newest job matching --branch, --job-name and --status instead of a number')
    .option('--branch <branch>', 'with --latest: only jobs on this branch')
    .option('--job-name <name>', 'with --latest: only jobs of this name (CircleCI\'s job name, e.g. build)')
    .option('--status <status>', 'with --latest: success, failed, canceled, running, queued or any (default: success)')
    .option('--dir <directory>', 'where to write the artifacts (default: the current directory)')
    .option('--include <glob>', "only artifacts whose path matches (repeatable; e.g. 'dist/**')", collect)
    .option('--node-index <n>', 'only artifacts of this container of a parallel job (repeatable)', collect)
    .option('--url <url>', 'Stowage server URL (env: STOWAGE_URL)')
    .option('--token <token>', 'API token allowed to read the project (env: STOWAGE_TOKEN or CIRCLE_TOKEN)')
    .option('--project <slug>', 'project slug such as gh/acme/app (env: STOWAGE_PROJECT; default: <vcs>/$CIRCLE_PROJECT_USERNAME/$CIRCLE_PROJECT_REPONAME)')
    .option('--vcs <type>', 'VCS prefix used with the CircleCI variables: gh, bb or circleci (default: gh)')
    .option('--concurrency <n>', 'files downloaded at the same time, 1-64 (default: 4)')
    .option('--retries <n>', 'retries of a file after a network error, 5xx or 429, 0-20 (default: 5)')
    .addHelpText('after', DOWNLOAD_ARTIFACTS_HELP)
    .action(async (options: DownloadArtifactsCliOptions) => {
      const config = resolveDownloadArtifactsConfig(options, io.env, io.cwd);
      const dispatcher = io.fetch ? undefined : createHttpDispatcher(proxySettingsFromEnv(io.env), { connections: config.concurrency + 2 });
      const apiFetch = io.fetch ?? fetchThrough(dispatcher!);
      try {
        onExitCode((await downloadArtifacts(config, { ...io, dispatcher, fetch: warnWhenServerIsNewer(apiFetch, CLI_VERSION, io.stderr) })).exitCode);
      } finally {
        await dispatcher?.close();
      }
    });

  const job = program.command('job').description('Commands about a CI job as a whole.');
  job
    .command('finish')
    .description("Record a CI job's end: its status (success, failed or canceled) and the time it stopped.")
    .option('--status <status>', 'success, failed or canceled (GitHub\'s failure and cancelled too) (required)')
    .option('--url <url>', 'Stowage server URL (env: STOWAGE_URL)')
    .option('--token <token>', 'API token allowed to upload to the project (env: STOWAGE_TOKEN or CIRCLE_TOKEN; prefer those, options show in ps)')
    .option('--project <slug>', 'project slug such as gh/acme/app (env: STOWAGE_PROJECT; default: <vcs>/$CIRCLE_PROJECT_USERNAME/$CIRCLE_PROJECT_REPONAME)')
    .option('--vcs <type>', 'VCS prefix used with the CircleCI variables: gh, bb or circleci (default: gh)')
    .option('--job-number <n>', 'job (build) number (env: CIRCLE_BUILD_NUM)')
    .option('--name <name>', 'job name shown in Stowage (env: CIRCLE_JOB)')
    .option('--branch <branch>', 'branch the job built (env: CIRCLE_BRANCH)')
    .option('--revision <sha>', 'revision the job built (env: CIRCLE_SHA1)')
    .option('--retries <n>', 'retries after a network error, 5xx or 429, 0-20 (default: 5)')
    .addHelpText('after', JOB_FINISH_HELP)
    .action(async (options: JobFinishCliOptions) => {
      const config = resolveJobFinishConfig(options, io.env);
      const dispatcher = io.fetch ? undefined : createHttpDispatcher(proxySettingsFromEnv(io.env));
      const apiFetch = io.fetch ?? fetchThrough(dispatcher!);
      try {
        const result = await finishJob(config, { ...io, fetch: warnWhenServerIsNewer(apiFetch, CLI_VERSION, io.stderr) });
        onExitCode(result.exitCode);
      } finally {
        await dispatcher?.close();
      }
    });

  // `stowage compare`: this job against a base job, with size budgets (docs/cli.md).
  program
    .command('compare')
    .description("Compare a CI job's artifacts with another job's (added, removed, changed files, sizes), and fail on size budgets.")
    .option('--base <n>', 'job number to compare with (default: the newest successful job of the same name on the default branch)')
    .option('--match-by <how>', 'container (node index and path) or path (across containers, for split tests) (default: container)')
    .option('--max-growth <percent>', "fail when the job's total grew more than this, such as 5%")
    .option('--max-size <glob=size>', "fail when a file matching the glob is larger, such as 'dist/app.js=250KiB' (repeatable)", (value: string, all: string[] = []) => [...all, value])
    .option('--wait-timeout <seconds>', 'how long to wait for pending artifacts of either job (default: 300)')
    .option('--url <url>', 'Stowage server URL (env: STOWAGE_URL)')
    .option('--token <token>', 'API token allowed to read the project (env: STOWAGE_TOKEN or CIRCLE_TOKEN)')
    .option('--project <slug>', 'project slug such as gh/acme/app (env: STOWAGE_PROJECT; default: <vcs>/$CIRCLE_PROJECT_USERNAME/$CIRCLE_PROJECT_REPONAME)')
    .option('--vcs <type>', 'VCS prefix used with the CircleCI variables: gh, bb or circleci (default: gh)')
    .option('--job-number <n>', 'job (build) number (env: CIRCLE_BUILD_NUM)')
    .addHelpText('after', '\nExit codes: 0 within every budget, 1 over a budget (each is named), refused or timed out, 2 bad options.\n')
    .action(async (options: CompareCliOptions) => {
      const config = resolveCompareConfig(options, io.env);
      const dispatcher = io.fetch ? undefined : createHttpDispatcher(proxySettingsFromEnv(io.env));
      const apiFetch = io.fetch ?? fetchThrough(dispatcher!);
      try {
        const result = await compareJobs(config, { ...io, fetch: warnWhenServerIsNewer(apiFetch, CLI_VERSION, io.stderr) });
        onExitCode(result.exitCode);
      } finally {
        await dispatcher?.close();
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
      io.stderr.write(`(run stowage ${error.command} --help for usage)\n`);
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
