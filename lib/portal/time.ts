/**
 * The portal's merchants are in China: days are counted and filtered in Beijing time (UTC+8, no
 * daylight saving) whatever the server's TZ is. Showing a time is lib/i18n/format.ts's job.
 */
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The Beijing calendar day of an instant, "2026-11-25". */
export function beijingDay(value: Date): string {
  return new Date(value.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Beijing day ("2026-11-25") starts; null when the text is not a real date. */
export function beijingDayStart(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const start = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - OFFSET_MS);
  return beijingDay(start) === day ? start : null;
}

/** The last `count` Beijing days ending with today, oldest first. */
export function lastDays(now: Date, count: number): string[] {
  const today = beijingDayStart(beijingDay(now))!;
  return Array.from({ length: count }, (_, i) => beijingDay(new Date(today.getTime() - (count - 1 - i) * DAY_MS)));
}

export { DAY_MS };
