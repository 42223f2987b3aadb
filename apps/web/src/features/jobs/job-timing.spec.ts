import { formatDuration, formatRelativeTime, jobDurationMs, shortRevision } from './job-timing';

describe('formatDuration', () => {
  it('uses seconds, then minutes and seconds, then hours and minutes', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(44_600)).toBe('45s');
    expect(formatDuration(65_000)).toBe('1m 05s');
    expect(formatDuration(2 * 3600_000 + 3 * 60_000 + 59_000)).toBe('2h 03m');
  });
});

describe('jobDurationMs', () => {
  const now = new Date('2026-01-01T12:00:00Z');

  it('measures from start to stop, or to now while running', () => {
    expect(jobDurationMs({ startedAt: '2026-01-01T11:00:00Z', stoppedAt: '2026-01-01T11:01:30Z' }, now)).toBe(90_000);
    expect(jobDurationMs({ startedAt: '2026-01-01T11:59:00Z', stoppedAt: null }, now)).toBe(60_000);
  });

  it('is unknown before the job starts', () => {
    expect(jobDurationMs({ startedAt: null, stoppedAt: null }, now)).toBeNull();
  });
});

describe('formatRelativeTime', () => {
  const now = new Date('2026-03-10T12:00:00Z');

  it('describes recent times in words and old ones by date', () => {
    expect(formatRelativeTime('2026-03-10T11:59:50Z', now)).toBe('just now');
    expect(formatRelativeTime('2026-03-10T11:55:00Z', now)).toBe('5 min ago');
    expect(formatRelativeTime('2026-03-10T09:00:00Z', now)).toBe('3 h ago');
    expect(formatRelativeTime('2026-03-09T12:00:00Z', now)).toBe('1 day ago');
    expect(formatRelativeTime('2026-01-01T00:00:00Z', now)).toBe('2026-01-01');
  });
});

describe('shortRevision', () => {
  it('keeps seven characters', () => {
    expect(shortRevision('0123456789abcdef')).toBe('0123456');
    expect(shortRevision(null)).toBeNull();
  });
});
