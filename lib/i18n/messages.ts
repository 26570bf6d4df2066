import { createTranslator } from "next-intl";
import en from "../../messages/en.json" with { type: "json" };
import zhCN from "../../messages/zh-CN.json" with { type: "json" };
import { formatsFor, TIME_ZONE } from "./format";
import type { Locale } from "./locales";
import type { Translate } from "./message";

/** Every portal string, per language. zh-CN must have exactly en's keys (tests/i18n/messages.test.ts). */
export const MESSAGES: Record<Locale, typeof en> = { "zh-CN": zhCN, en };

/**
 * A translator outside a request (tests, scripts): the same messages, formats and time zone the
 * portal's pages get from i18n/request.ts.
 */
export function translatorFor(locale: Locale): Translate {
  return createTranslator({ locale, messages: MESSAGES[locale], timeZone: TIME_ZONE, formats: formatsFor(locale) }) as unknown as Translate;
}
