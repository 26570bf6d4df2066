/**
 * The languages payrelay speaks. The portal remembers a merchant's choice in a cookie; without one it
 * follows the browser (Accept-Language). The hosted checkout follows the browser only.
 */
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/** The portal's language choice, set by the switch in its header. */
export const LOCALE_COOKIE = "payrelay_locale";

export const isLocale = (value: unknown): value is Locale => typeof value === "string" && (LOCALES as readonly string[]).includes(value);

/**
 * Accept-Language → the first Chinese or English tag by preference (q), any region ("zh-TW", "en-GB");
 * `fallback` when neither appears or the header is missing.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined, fallback: Locale): Locale {
  if (!acceptLanguage) return fallback;
  const ranked = acceptLanguage
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = Number(params.find((p) => p.trim().startsWith("q="))?.trim().slice(2) ?? "1");
      return { tag: tag.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((x) => x.tag && x.q > 0)
    // Equal weights keep the browser's order (Array.prototype.sort is stable).
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag === "zh" || tag.startsWith("zh-")) return "zh-CN";
    if (tag === "en" || tag.startsWith("en-")) return "en";
  }
  return fallback;
}

/** The portal: the remembered choice, else Chinese when the browser prefers it, else English. */
export function portalLocale(cookieValue: string | undefined, acceptLanguage: string | null): Locale {
  return isLocale(cookieValue) ? cookieValue : negotiateLocale(acceptLanguage, "en");
}
