export interface DailyBytes {
  day: string;
  bytes: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The last `days` calendar days (UTC) ending today, oldest first, with 0 for days the API has no
 * record of: a chart of 30 bars must show quiet days as quiet, not skip them.
 */
export function lastDays(series: readonly DailyBytes[], days: number, today: Date): DailyBytes[] {
  const byDay = new Map<string, number>();
  for (const entry of series) {
    const day = entry.day.slice(0, 10);
    byDay.set(day, (byDay.get(day) ?? 0) + entry.bytes);
  }
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(end - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10);
    return { day, bytes: byDay.get(day) ?? 0 };
  });
}
