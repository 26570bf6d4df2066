import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("meta");
  return { title: { default: t("portal"), template: "%s · payrelay" } };
}

/**
 * The merchant portal: sign-in/sign-up pages and, under (app), the signed-in shell. Its language
 * (i18n/request.ts) reaches Client Components through the provider, which passes on the messages,
 * formats and Beijing time zone of the request.
 */
export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  return (
    <div lang={locale} className="min-h-screen bg-slate-50">
      <NextIntlClientProvider>{children}</NextIntlClientProvider>
    </div>
  );
}
