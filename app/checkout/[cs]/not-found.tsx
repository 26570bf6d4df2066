import { headers } from "next/headers";
import { messages, pickLocale } from "@/lib/checkout/i18n";
import { StateBox } from "./frame";

/**
 * An unknown or expired checkout session (404): the buyer's own language, Chinese unless the
 * browser prefers English, instead of the framework's English "This page could not be found".
 */
export default async function CheckoutNotFound() {
  const locale = pickLocale((await headers()).get("accept-language"));
  const t = messages(locale);
  return (
    <main lang={locale} className="mx-auto min-h-screen max-w-md bg-white px-5 pb-10 pt-16 sm:my-6 sm:min-h-0 sm:rounded-2xl sm:shadow">
      <title>{`${t.linkGone} · ${t.title}`}</title>
      <h1 className="sr-only">{t.title}</h1>
      <StateBox tone="bad" title={t.linkGone} hint={t.sessionGoneHint} testId="state-gone" />
    </main>
  );
}
