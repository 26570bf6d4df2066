import { useLocale, useTranslations } from "next-intl";
import { LOCALES } from "@/lib/i18n/locales";
import { setLocaleAction } from "../_actions/locale";

/** 中文 | English, in the portal's header and on the sign-in pages. A plain form: works without JavaScript. */
export function LocaleSwitch() {
  const t = useTranslations("language");
  const current = useLocale();
  return (
    <form action={setLocaleAction} className="inline-flex items-center">
      <div role="group" aria-label={t("label")} className="inline-flex rounded-lg border border-slate-300 p-0.5">
        {LOCALES.map((locale) => (
          <button
            key={locale}
            name="locale"
            value={locale}
            lang={locale}
            aria-pressed={locale === current}
            className={`rounded-md px-2 py-1 text-xs font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${locale === current ? "bg-slate-800 text-white" : "text-slate-600 hover:bg-slate-100"}`}
          >
            {t(locale)}
          </button>
        ))}
      </div>
    </form>
  );
}
