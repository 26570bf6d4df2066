import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { LocaleSwitch } from "./(portal)/_components/locale-switch";

/** The front door to the portal: it speaks the portal's language (cookie, then Accept-Language). */
export default async function Home() {
  const [t, locale] = await Promise.all([getTranslations("home"), getLocale()]);
  const code = (chunks: React.ReactNode) => <code className="rounded bg-slate-100 px-1">{chunks}</code>;
  return (
    <main lang={locale} className="mx-auto max-w-3xl px-6 py-16">
      <div className="flex items-start justify-between gap-4">
        <h1 className="text-4xl font-semibold tracking-tight">payrelay</h1>
        <LocaleSwitch />
      </div>
      <p className="mt-4 text-lg text-slate-600">{t("tagline")}</p>
      <div className="mt-8 flex flex-wrap gap-3">
        <Link href="/signup" className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700">
          {t("createAccount")}
        </Link>
        <Link href="/signin" className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50">
          {t("signIn")}
        </Link>
      </div>
      <section className="mt-10 grid gap-4 sm:grid-cols-2">
        <div className="rounded-lg border border-slate-200 bg-white p-5">
          <h2 className="font-medium">{t("merchantsTitle")}</h2>
          <p className="mt-2 text-sm text-slate-600">{t.rich("merchantsBody", { code })}</p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-5">
          <h2 className="font-medium">{t("statusTitle")}</h2>
          <p className="mt-2 text-sm text-slate-600">
            {t.rich("statusBody", {
              link: (chunks) => (
                <Link className="text-blue-700 underline" href="/api/health" prefetch={false}>
                  {chunks}
                </Link>
              ),
            })}
          </p>
        </div>
      </section>
    </main>
  );
}
