import type en from "../messages/en.json";
import type { Locale } from "../lib/i18n/locales";
import type { PortalFormats } from "../lib/i18n/format";

// Typed keys: `t("goods.titel")` or a key missing from messages/en.json fails `npm run typecheck`.
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof en;
    Formats: PortalFormats;
  }
}
