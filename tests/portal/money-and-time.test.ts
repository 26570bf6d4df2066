import { describe, expect, it } from "vitest";
import { createFormatter } from "next-intl";
import { fenToYuan, formatFen } from "../../lib/money";
import { yuanToFen } from "../../lib/portal/money";
import { beijingDay, beijingDayStart, lastDays } from "../../lib/portal/time";
import { createPortalFormat, formatsFor, TIME_ZONE } from "../../lib/i18n/format";
import type { Locale } from "../../lib/i18n/locales";

/** The portal's formatter for a locale, as i18n/request.ts configures next-intl. */
const portalFormat = (locale: Locale, timeZone = TIME_ZONE) => createPortalFormat(createFormatter({ locale, timeZone, formats: formatsFor(locale) }));

describe("portal money", () => {
  it("turns the yuan a merchant types into exact fen", () => {
    expect(yuanToFen("19.9")).toBe(1990);
    expect(yuanToFen("0.01")).toBe(1);
    expect(yuanToFen(" 12.34 ")).toBe(1234);
    expect(yuanToFen("¥1,000")).toBe(100000);
    // 0.1 + 0.2 style float traps: 1.15 * 100 is 114.99999999999999 in floating point.
    expect(yuanToFen("1.15")).toBe(115);
    expect(yuanToFen("4.35")).toBe(435);
    // A Chinese input method types full-width digits, point, comma and yuan sign.
    expect(yuanToFen("１９．９")).toBe(1990);
    expect(yuanToFen("￥１，０００．５")).toBe(100050);
  });

  it("refuses what is not an amount", () => {
    for (const bad of ["", "abc", "-1", "1.234", "1e2", "01.00", "1.", ".5", "NaN", "1 000"]) expect(yuanToFen(bad), bad).toBeNull();
  });

  it("formats fen back as yuan", () => {
    expect(fenToYuan(1990)).toBe("19.90");
    expect(fenToYuan(5)).toBe("0.05");
    expect(formatFen(123456789)).toBe("¥1,234,567.89");
    expect(formatFen(0)).toBe("¥0.00");
  });
});

describe("portal time (Beijing)", () => {
  it("shows and buckets instants in Beijing time whatever the server's zone", () => {
    const late = new Date("2026-11-25T17:30:00Z"); // 01:30 on the 26th in Beijing
    expect(beijingDay(late)).toBe("2026-11-26");
    expect(beijingDayStart("2026-11-26")?.toISOString()).toBe("2026-11-25T16:00:00.000Z");
    expect(beijingDayStart("2026-02-30")).toBeNull();
    const days = lastDays(late, 14);
    expect(days).toHaveLength(14);
    expect(days[13]).toBe("2026-11-26");
    expect(days[0]).toBe("2026-11-13");
  });
});

describe("portal formatting per language, always in Beijing time", () => {
  const late = new Date("2026-11-25T17:30:05Z"); // 01:30:05 on the 26th in Beijing

  it("shows an instant in Beijing time in each language's order", () => {
    expect(portalFormat("zh-CN").dateTime(late)).toBe("2026/11/26 01:30:05");
    expect(portalFormat("en").dateTime(late)).toBe("Nov 26, 2026, 01:30:05");
    expect(portalFormat("en").dateTime(late.toISOString())).toBe("Nov 26, 2026, 01:30:05");
    expect(portalFormat("zh-CN").dateTime(null)).toBe("—");
  });

  it("does not depend on the server's zone (the process runs in Asia/Shanghai; a UTC formatter would say the 25th)", () => {
    expect(portalFormat("en", "UTC").dateTime(late)).toBe("Nov 25, 2026, 17:30:05");
    expect(portalFormat("en").dateTime(late)).toContain("Nov 26");
  });

  it("names Beijing days, money in ¥ with two decimals and rates", () => {
    expect(portalFormat("zh-CN").day("2026-11-26")).toBe("11月26日");
    expect(portalFormat("en").day("2026-11-26")).toBe("Nov 26");
    expect(portalFormat("zh-CN").shortDay("2026-11-26")).toBe("11/26");
    for (const locale of ["zh-CN", "en"] as const) {
      expect(portalFormat(locale).money(123456)).toBe("¥1,234.56");
      expect(portalFormat(locale).money(5)).toBe("¥0.05");
      expect(portalFormat(locale).percent(2 / 3)).toBe("66.7%");
    }
  });
});
