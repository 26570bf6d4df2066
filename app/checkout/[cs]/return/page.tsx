import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { loadCheckoutPage } from "@/lib/checkout/page-data";
import { messages, pickLocale } from "@/lib/checkout/i18n";
import { returnState } from "@/lib/checkout/return-state";
import { checkoutPath } from "@/lib/checkout/urls";
import { CheckoutFrame, StateBox } from "../frame";
import { checkoutTitle } from "../title";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ cs: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return checkoutTitle((await params).cs, pickLocale((await headers()).get("accept-language")));
}

/**
 * Back from the channel: "confirming" while the order is synced with the channel (the status
 * endpoint asks it), then success and on to the merchant's successUrl with the order id. When the
 * channel answers that the order is still unpaid (the payment failed or the buyer backed out), back
 * to the checkout with "支付失败，请重试". The redirect is relative: the buyer stays on the host they are on.
 */
export default async function ReturnPage({ params }: Props) {
  const { cs } = await params;
  const locale = pickLocale((await headers()).get("accept-language"));
  const t = messages(locale);
  const data = await loadCheckoutPage(cs);
  if (!data) notFound();
  const state = await returnState(data.session);
  if (state.status === "failed") redirect(checkoutPath(cs, "", { state: "failed" }));
  if (state.status === "expired") redirect(checkoutPath(cs, "gone"));
  let body: React.ReactNode;
  if (state.status === "paid" && state.successRedirect) {
    body = (
      <StateBox tone="ok" title={t.paid} hint={t.paidHint} testId="state-success">
        <meta httpEquiv="refresh" content={`2;url=${state.successRedirect}`} />
        <a className="inline-block rounded-lg bg-emerald-600 px-5 py-2.5 text-white" href={state.successRedirect}>
          {t.continue}
        </a>
      </StateBox>
    );
  } else {
    const poll = `(function () {
  var tries = 0;
  function check() {
    tries++;
    fetch(${JSON.stringify(checkoutPath(cs, "status"))}, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.status === "paid" || s.status === "expired" || s.status === "failed") { window.location.reload(); return; }
        if (tries < 80) setTimeout(check, 1500);
      })
      .catch(function () { if (tries < 80) setTimeout(check, 3000); });
  }
  setTimeout(check, 1000);
})();`;
    body = (
      <StateBox tone="wait" title={t.confirming} hint={t.confirmingHint} testId="state-confirming">
        <noscript>
          <meta httpEquiv="refresh" content="3" />
        </noscript>
        <a className="text-sm text-slate-500 underline" href={checkoutPath(cs)}>
          {t.retry}
        </a>
        <script dangerouslySetInnerHTML={{ __html: poll }} />
      </StateBox>
    );
  }
  return (
    <CheckoutFrame data={data} t={t} locale={locale} paid={state.status === "paid"}>
      {body}
    </CheckoutFrame>
  );
}
