import { PlainProgressReporter, createProgressReporter } from './progress-reporter';

describe('progress in CI logs (not a TTY)', () => {
  let lines: string[];
  let clock: number;
  const output = { write: (text: string) => lines.push(text), isTTY: false };

  beforeEach(() => {
    jest.useFakeTimers();
    lines = [];
    clock = 0;
  });
  afterEach(() => jest.useRealTimers());

  const reporter = () => createProgressReporter({ output, now: () => clock });

  it('is the plain reporter, not a bar', () => {
    expect(reporter()).toBeInstanceOf(PlainProgressReporter);
  });

  it('writes one line every 5 seconds with files and bytes', () => {
    const progress = reporter();
    progress.start({ files: 400, bytes: 3.4 * 1024 ** 3 });
    jest.advanceTimersByTime(4999);
    expect(lines).toEqual([]);

    for (let i = 0; i < 120; i++) progress.fileUploaded();
    progress.addBytes(1.2 * 1024 ** 3);
    clock = 5000;
    jest.advanceTimersByTime(1);
    expect(lines).toEqual(['uploaded 120/400 files, 1.2 GiB/3.4 GiB (245.8 MiB/s)\n']);
  });

  it('keeps writing while nothing moves, so a slow upload still shows it is alive', () => {
    const progress = reporter();
    progress.start({ files: 1, bytes: 10 });
    jest.advanceTimersByTime(15_000);
    expect(lines).toHaveLength(3);
  });

  it('counts failed files and takes back the bytes of a failed attempt', () => {
    const progress = reporter();
    progress.start({ files: 3, bytes: 3072 });
    progress.addBytes(2048);
    progress.addBytes(-1024);
    progress.fileUploaded();
    progress.fileFailed();
    clock = 1000;
    jest.advanceTimersByTime(5000);
    expect(lines).toEqual(['uploaded 1/3 files, 1.0 KiB/3.0 KiB, 1 failed (1.0 KiB/s)\n']);
  });

  it('writes log lines as they come, and nothing after stop', () => {
    const progress = reporter();
    progress.start({ files: 1, bytes: 1 });
    progress.log('retry 1/5 of part 1 of /tmp/a in 0.4 s: HTTP 503: unavailable');
    progress.stop();
    jest.advanceTimersByTime(60_000);
    expect(lines).toEqual(['retry 1/5 of part 1 of /tmp/a in 0.4 s: HTTP 503: unavailable\n']);
  });
});
