import { lastDays } from './daily-series';

describe('lastDays', () => {
  const today = new Date('2026-03-03T18:30:00Z');

  it('fills quiet days with zero, oldest first, ending today', () => {
    expect(lastDays([{ day: '2026-03-02', bytes: 5 }], 3, today)).toEqual([
      { day: '2026-03-01', bytes: 0 },
      { day: '2026-03-02', bytes: 5 },
      { day: '2026-03-03', bytes: 0 },
    ]);
  });

  it('drops days outside the window and merges duplicates and timestamps', () => {
    const series = [
      { day: '2026-01-01', bytes: 100 },
      { day: '2026-03-03T00:00:00.000Z', bytes: 2 },
      { day: '2026-03-03', bytes: 3 },
    ];
    expect(lastDays(series, 2, today)).toEqual([
      { day: '2026-03-02', bytes: 0 },
      { day: '2026-03-03', bytes: 5 },
    ]);
  });

  it('crosses month ends', () => {
    expect(lastDays([], 30, today)[0].day).toBe('2026-02-02');
  });
});
