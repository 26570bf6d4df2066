import { describe, expect, it } from "vitest";
import { negotiateLocale, portalLocale } from "../../lib/i18n/locales";
import { pickLocale } from "../../lib/checkout/i18n";

describe("portal language", () => {
  it("is Chinese when the browser prefers Chinese, English otherwise", () => {
    expect(portalLocale(undefined, "zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(portalLocale(undefined, "zh-TW,zh;q=0.9")).toBe("zh-CN");
    expect(portalLocale(undefined, "zh")).toBe("zh-CN");
    expect(portalLocale(undefined, "en-US,en;q=0.9,zh-CN;q=0.8")).toBe("en");
    expect(portalLocale(undefined, "en-GB")).toBe("en");
    // Weights decide, not the order written.
    expect(portalLocale(undefined, "en;q=0.5,zh-CN;q=0.9")).toBe("zh-CN");
    // Neither language offered, no header, a refused language (q=0): English.
    expect(portalLocale(undefined, "fr-FR,de;q=0.8")).toBe("en");
    expect(portalLocale(undefined, null)).toBe("en");
    expect(portalLocale(undefined, "zh;q=0,fr")).toBe("en");
    // A language the portal does not speak is skipped for the next one the browser accepts.
    expect(portalLocale(undefined, "ja,zh-CN;q=0.8,en;q=0.5")).toBe("zh-CN");
    // "zhx" is not Chinese.
    expect(portalLocale(undefined, "zhx,en")).toBe("en");
  });

  it("follows the remembered choice over the browser, and ignores a cookie it cannot read", () => {
    expect(portalLocale("en", "zh-CN,zh;q=0.9")).toBe("en");
    expect(portalLocale("zh-CN", "en-US")).toBe("zh-CN");
    expect(portalLocale("fr", "zh-CN")).toBe("zh-CN");
    expect(portalLocale("", "en")).toBe("en");
  });

  it("shares its negotiation with the checkout, which falls back to Chinese for its buyers", () => {
    expect(negotiateLocale("fr", "zh-CN")).toBe("zh-CN");
    expect(pickLocale(null)).toBe("zh-CN");
    expect(pickLocale("fr-FR")).toBe("zh-CN");
    expect(pickLocale("en-US,en;q=0.9")).toBe("en");
    expect(pickLocale("en;q=0.4,zh;q=0.6")).toBe("zh-CN");
  });
});
