import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { loadCheckoutPage } from "@/lib/checkout/page-data";
import { messages, pickLocale } from "@/lib/checkout/i18n";
import { checkoutPath } from "@/lib/checkout/urls";
import { CheckoutFrame, StateBox } from "../frame";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ cs: string }> };

/** Where a paid session ends when it has no merchant page to return to (a payment link without a successUrl). */
export default async function DonePage({ params }: Props) {
  const { cs } = await params;
  const locale = pickLocale((await headers()).get("accept-language"));
  const t = messages(locale);
  const data = await loadCheckoutPage(cs);
  if (!data) notFound();
  if (data.session.status !== "complete") redirect(checkoutPath(cs));
  return (
    <CheckoutFrame data={data} t={t} locale={locale}>
      <StateBox tone="ok" title={t.done} hint={t.doneHint} testId="state-done">
        <p className="text-sm text-slate-500">
          {t.orderNumber} <span className="font-mono" data-testid="order-id">{data.session.orderId}</span>
        </p>
      </StateBox>
    </CheckoutFrame>
  );
}
