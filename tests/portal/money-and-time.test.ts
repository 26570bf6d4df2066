import { describe, expect, it } from "vitest";
import { fenToYuan, formatFen } from "../../lib/money";
import { yuanToFen } from "../../lib/portal/money";
import { beijingDay, beijingDayStart, formatTime, lastDays } from "../../lib/portal/time";

describe("portal money", () => {
  it("turns the yuan a merchant types into exact fen", () => {
    expect(yuanToFen("19.9")).toBe(1990);
    expect(yuanToFen("0.01")).toBe(1);
    expect(yuanToFen(" 12.34 ")).toBe(1234);
    expect(yuanToFen("¥1,000")).toBe(100000);
    // 0.1 + 0.2 style float traps: 1.15 * 100 is 114.99999999999999 in floating point.
    expect(yuanToFen("1.15")).toBe(115);
    expect(yuanToFen("4.35")).toBe(435);
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
    expect(formatTime(late)).toBe("2026-11-26 01:30:00");
    expect(beijingDay(late)).toBe("2026-11-26");
    expect(beijingDayStart("2026-11-26")?.toISOString()).toBe("2026-11-25T16:00:00.000Z");
    expect(beijingDayStart("2026-02-30")).toBeNull();
    const days = lastDays(late, 14);
    expect(days).toHaveLength(14);
    expect(days[13]).toBe("2026-11-26");
    expect(days[0]).toBe("2026-11-13");
  });
});
