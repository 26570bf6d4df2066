/**
 * Both providers speak China Standard Time (UTC+8, no daylight saving) whatever our server's TZ is,
 * so these compute the offset explicitly instead of trusting the process time zone.
 */

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** `yyyy-MM-dd HH:mm:ss` in Beijing time (Alipay timestamps and time_expire). */
export function formatBeijingTime(date: Date): string {
  const iso = new Date(date.getTime() + BEIJING_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** RFC 3339 with the +08:00 offset, whole seconds (WeChat time_expire). */
export function formatBeijingRfc3339(date: Date): string {
  const iso = new Date(date.getTime() + BEIJING_OFFSET_MS).toISOString();
  return `${iso.slice(0, 19)}+08:00`;
}

/** Parses Alipay's `yyyy-MM-dd HH:mm:ss` as Beijing time; undefined when malformed. */
export function parseBeijingTime(value: string | undefined): Date | undefined {
  const m = value === undefined ? null : /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const date = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 0, h ?? 0, mi ?? 0, s ?? 0) - BEIJING_OFFSET_MS);
  // Reject values that Date.UTC would silently roll over (2024-02-30 → March 1st).
  return formatBeijingTime(date) === value ? date : undefined;
}

/** Parses RFC 3339 with an explicit offset (WeChat's success_time); undefined when malformed. */
export function parseRfc3339(value: string | undefined): Date | undefined {
  if (value === undefined || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
