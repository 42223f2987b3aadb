import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { formatBytes } from '@stowage/domain';
import { formatThroughput } from './format-timing';

export interface ProgressTotals {
  files: number;
  bytes: number;
}

/** What the upload tells the person watching; the final summary is printed by the command. */
export interface ProgressReporter {
  start(totals: ProgressTotals): void;
  /** Bytes sent; negative when a failed attempt's bytes are taken back before its retry. */
  addBytes(delta: number): void;
  /** All of a file's bytes were accepted. */
  fileUploaded(): void;
  fileFailed(): void;
  /** A line (a retry, a warning) that must not be overwritten by the bar. */
  log(message: string): void;
  stop(): void;
}

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressReporterOptions {
  /** Where progress goes: stderr, so stdout stays the summary alone. */
  output: ProgressOutput;
  /** The plain reporter's first word: `uploaded` (default) or `downloaded`. */
  verb?: string;
  /** How often the plain reporter writes a line. */
  intervalMs?: number;
  now?: () => number;
}

/** A live bar for a person at a terminal; periodic lines for CI logs, where a bar would be noise. */
export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  return options.output.isTTY ? new TerminalProgressReporter(options) : new PlainProgressReporter(options);
}

class Counters {
  files = 0;
  failed = 0;
  bytes = 0;
  totals: ProgressTotals = { files: 0, bytes: 0 };
  startedAt = 0;
}

/**
 * One line every `intervalMs` (5 s by default): `uploaded 120/400 files, 1.2 GiB/3.4 GiB`. Lines
 * keep coming even when nothing moved, which tells the reader (and CircleCI's no-output timeout)
 * that the upload is alive, just slow.
 */
export class PlainProgressReporter implements ProgressReporter {
  private readonly counters = new Counters();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ProgressReporterOptions) {}

  start(totals: ProgressTotals): void {
    this.counters.totals = totals;
    this.counters.startedAt = (this.options.now ?? Date.now)();
    this.timer = setInterval(() => this.report(), this.options.intervalMs ?? 5000);
    // A forgotten timer must never keep the process alive after the upload.
    this.timer.unref();
  }

  addBytes(delta: number): void {
    this.counters.bytes += delta;
  }

  fileUploaded(): void {
    this.counters.files++;
  }

  fileFailed(): void {
    this.counters.failed++;
  }

  log(message: string): void {
    this.options.output.write(`${message}\n`);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Writes the current progress line. */
  report(): void {
    const { files, failed, bytes, totals, startedAt } = this.counters;
    const elapsed = (this.options.now ?? Date.now)() - startedAt;
    const failures = failed ? `, ${failed} failed` : '';
    this.log(
      `${this.options.verb ?? 'uploaded'} ${files}/${totals.files} files, ${formatBytes(bytes)}/${formatBytes(totals.bytes)}${failures} (${formatThroughput(bytes, elapsed)})`,
    );
  }
}

/** `cli-progress`'s bar, with files and bytes on one line; `MultiBar` because it can log above the bar. */
class TerminalProgressReporter implements ProgressReporter {
  private readonly counters = new Counters();
  private multibar: MultiBar | undefined;
  private bar: SingleBar | undefined;

  constructor(private readonly options: ProgressReporterOptions) {}

  start(totals: ProgressTotals): void {
    this.counters.totals = totals;
    this.counters.startedAt = (this.options.now ?? Date.now)();
    this.multibar = new MultiBar(
      {
        stream: this.options.output as NodeJS.WritableStream,
        // Payload keys must not shadow cli-progress's own tokens ({total}, {value}, {eta}…).
        format: '{bar} {percentage}% | {files}/{totalFiles} files{failures} | {sent}/{totalSize} | {rate} | ETA {eta_formatted}',
        // Narrow enough that the whole line fits an 80-column terminal.
        barsize: 20,
        hideCursor: true,
        clearOnComplete: false,
        // Ctrl-C leaves the terminal's cursor visible.
        gracefulExit: true,
        etaBuffer: 50,
      },
      Presets.shades_classic,
    );
    this.bar = this.multibar.create(totals.bytes, 0, this.payload());
  }

  addBytes(delta: number): void {
    this.counters.bytes += delta;
    this.refresh();
  }

  fileUploaded(): void {
    this.counters.files++;
    this.refresh();
  }

  fileFailed(): void {
    this.counters.failed++;
    this.refresh();
  }

  log(message: string): void {
    if (this.multibar) this.multibar.log(`${message}\n`);
    else this.options.output.write(`${message}\n`);
  }

  stop(): void {
    this.refresh();
    this.multibar?.stop();
    this.multibar = undefined;
  }

  private refresh(): void {
    this.bar?.update(this.counters.bytes, this.payload());
  }

  private payload() {
    const { files, failed, bytes, totals, startedAt } = this.counters;
    return {
      files,
      totalFiles: totals.files,
      failures: failed ? `, ${failed} failed` : '',
      sent: formatBytes(bytes),
      totalSize: formatBytes(totals.bytes),
      rate: formatThroughput(bytes, (this.options.now ?? Date.now)() - startedAt),
    };
  }
}
