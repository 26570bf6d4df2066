import type { createFormatter, DateTimeFormatOptions, NumberFormatOptions } from "next-intl";
import { formatFen } from "../money";
import { beijingDayStart } from "../portal/time";
import type { Locale } from "./locales";

/**
 * The portal's merchants are in China: every date and time is shown in Beijing time, whatever the
 * server's or the browser's zone, in the order and words of the reader's language.
 */
export const TIME_ZONE = "Asia/Shanghai";

const clock = { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" } as const;

/** The named formats pages use: `format.dateTime(at, "full")`. */
export type PortalFormats = {
  dateTime: { full: DateTimeFormatOptions; day: DateTimeFormatOptions; shortDay: DateTimeFormatOptions };
  number: { percent: NumberFormatOptions };
};

/** Named formats for next-intl: "2026/11/26 01:30:05" in Chinese, "Nov 26, 2026, 01:30:05" in English. */
const FORMATS: Record<Locale, PortalFormats> = {
  "zh-CN": {
    dateTime: {
      full: { year: "numeric", month: "2-digit", day: "2-digit", ...clock },
      day: { month: "short", day: "numeric" },
      shortDay: { month: "numeric", day: "numeric" },
    },
    number: { percent: { style: "percent", maximumFractionDigits: 1 } },
  },
  en: {
    dateTime: {
      full: { year: "numeric", month: "short", day: "numeric", ...clock },
      day: { month: "short", day: "numeric" },
      shortDay: { month: "numeric", day: "numeric" },
    },
    number: { percent: { style: "percent", maximumFractionDigits: 1 } },
  },
};

export function formatsFor(locale: Locale): PortalFormats {
  return FORMATS[locale];
}

type Formatter = Pick<ReturnType<typeof createFormatter>, "dateTime" | "number">;

/** The one way the portal shows instants, Beijing days, money and rates. */
export type PortalFormat = {
  /** An instant in Beijing time; "—" when there is none. */
  dateTime(value: Date | string | null | undefined): string;
  /** A Beijing calendar day ("2026-11-26") as "11月26日" / "Nov 26". */
  day(day: string): string;
  /** The same, as short as the language allows ("11/26"): a chart's axis. */
  shortDay(day: string): string;
  /** Integer fen as "¥1,234.56" in both languages: buyers and merchants read yuan with the ¥ sign. */
  money(fen: number): string;
  /** 0.955 → "95.5%". */
  percent(ratio: number): string;
};

/** Built on next-intl's formatter, which carries the request's locale and TIME_ZONE. */
export function createPortalFormat(format: Formatter): PortalFormat {
  return {
    dateTime: (value) => (value ? format.dateTime(new Date(value), "full") : "—"),
    day: (day) => {
      const start = beijingDayStart(day);
      return start ? format.dateTime(start, "day") : day;
    },
    shortDay: (day) => {
      const start = beijingDayStart(day);
      return start ? format.dateTime(start, "shortDay") : day;
    },
    money: formatFen,
    percent: (ratio) => format.number(ratio, "percent"),
  };
}
