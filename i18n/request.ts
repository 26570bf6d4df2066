import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, portalLocale } from "@/lib/i18n/locales";
import { MESSAGES } from "@/lib/i18n/messages";
import { formatsFor, TIME_ZONE } from "@/lib/i18n/format";

/**
 * next-intl's per-request configuration (wired in next.config.ts), without locale routing: URLs stay
 * as they are and the language comes from the portal's cookie, else from Accept-Language.
 */
export default getRequestConfig(async () => {
  const locale = portalLocale((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
  return { locale, messages: MESSAGES[locale], timeZone: TIME_ZONE, formats: formatsFor(locale) };
});
