import type { CliIo } from './main';
import { UsageError } from './store-artifacts-options';

/** A CLI run's surroundings for a test: the given environment, no terminal, and its output captured. */
export function capturedIo(env: Record<string, string> = {}, extra: Partial<CliIo> = {}) {
  let stdout = '';
  let stderr = '';
  const cli: CliIo = {
    env,
    cwd: '/',
    home: '/nonexistent',
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    ...extra,
  };
  return { cli, output: () => ({ stdout, stderr }) };
}

/** The problems of the UsageError `run` throws; fails when it throws none. */
export function usageProblemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error.problems;
    throw error;
  }
  throw new Error('no usage error');
}
