import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { loadCheckoutPage } from "@/lib/checkout/page-data";
import { messages, pickLocale } from "@/lib/checkout/i18n";
import { deviceOf } from "@/lib/checkout/device";
import { desktopCheckout } from "@/lib/checkout/desktop";
import { successRedirect } from "@/lib/checkout/start-payment";
import { checkoutPath } from "@/lib/checkout/urls";
import { findCheckoutSession } from "@/lib/checkout/sessions";
import { CheckoutFrame, StateBox } from "./frame";
import { checkoutTitle } from "./title";
import { DesktopQr } from "./desktop-qr";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ cs: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** WeChat shows the title bar: the goods and who is paid, not "payrelay". */
export async function generateMetadata({ params }: { params: Promise<{ cs: string }> }): Promise<Metadata> {
  return checkoutTitle((await params).cs, pickLocale((await headers()).get("accept-language")));
}

export default async function CheckoutPage({ params, searchParams }: Props) {
  const { cs } = await params;
  const query = await searchParams;
  const h = await headers();
  const locale = pickLocale(h.get("accept-language"));
  const t = messages(locale);
  const data = await loadCheckoutPage(cs);
  // Unknown: the link is no longer valid (404, in the buyer's language: not-found.tsx). Expired:
  // the same words with 410 Gone, from a route handler (a page can only say 404).
  if (!data) notFound();
  if (data.session.status === "expired") redirect(checkoutPath(cs, "gone"));
  const { session } = data;
  const device = deviceOf(h.get("user-agent"));
  const inWechat = device === "wechat";
  const action = checkoutPath(session.id, "pay");
  // A desktop browser gets QR codes to scan with a phone (WeChat refuses H5 payments on a PC).
  const desktop = device === "desktop" && session.status === "open" ? await desktopCheckout(session.id, { ip: null }) : null;

  // Paid through one of the page's QR codes since the session was read: the paid order is the session's now.
  const paidSession = desktop?.kind === "paid" ? ((await findCheckoutSession(session.id)) ?? session) : session;

  let body: React.ReactNode;
  if (session.status === "complete" || desktop?.kind === "paid") {
    body = (
      <StateBox tone="ok" title={t.alreadyPaid} testId="state-paid">
        <a className="inline-block rounded-lg bg-emerald-600 px-5 py-2.5 text-white" href={successRedirect(paidSession)}>
          {t.continue}
        </a>
      </StateBox>
    );
  } else if (desktop?.kind === "expired") {
    body = <StateBox tone="bad" title={t.linkGone} hint={t.sessionGoneHint} testId="state-expired" />;
  } else if (desktop?.kind === "qr") {
    body = (
      <>
        {typeof query.error === "string" ? (
          <p className="mb-4 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700" role="alert" data-testid="state-error">
            {t.unavailable}
          </p>
        ) : null}
        <DesktopQr sessionId={session.id} codes={desktop.codes} secondsLeft={desktop.secondsLeft} t={t} />
        <a className="mt-6 block text-center text-sm text-slate-500 underline" href={session.cancelUrl ?? checkoutPath(session.id, "", { state: "cancelled" })} data-testid="cancel">
          {t.cancel}
        </a>
      </>
    );
  } else {
    const cancelled = query.state === "cancelled";
    const failed = query.state === "failed";
    const error = typeof query.error === "string";
    body = (
      <>
        {cancelled ? <StateBox tone="wait" title={t.cancelled} hint={t.cancelledHint} testId="state-cancelled" /> : null}
        {failed ? (
          <div role="alert" className="mb-4 rounded-lg bg-rose-50 px-4 py-3 text-center" data-testid="state-failed">
            <p className="text-base font-semibold text-rose-700">{t.failed}</p>
            <p className="mt-1 text-sm text-rose-700/80">{t.failedHint}</p>
          </div>
        ) : null}
        {error ? (
          <p className="mb-4 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700" role="alert" data-testid="state-error">
            {t.unavailable}
          </p>
        ) : null}
        <form method="post" action={action} className="mt-4 space-y-3" data-testid="channels">
          <p className="text-sm font-medium text-slate-700">{t.choose}</p>
          {!inWechat ? (
            <button name="channel" value="alipay_h5" className="flex w-full items-center justify-between rounded-xl border border-slate-200 px-4 py-3.5 text-left hover:border-sky-400 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-400">
              <span className="flex items-center gap-3">
                <span aria-hidden className="grid h-8 w-8 place-items-center rounded-lg bg-sky-500 text-sm font-bold text-white">支</span>
                {t.alipay}
              </span>
              <span aria-hidden className="text-slate-400">›</span>
            </button>
          ) : null}
          <button name="channel" value={inWechat ? "wechat_jsapi" : "wechat_h5"} className="flex w-full items-center justify-between rounded-xl border border-slate-200 px-4 py-3.5 text-left hover:border-emerald-400 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-400">
            <span className="flex items-center gap-3">
              <span aria-hidden className="grid h-8 w-8 place-items-center rounded-lg bg-emerald-500 text-sm font-bold text-white">微</span>
              {t.wechat}
            </span>
            <span aria-hidden className="text-slate-400">›</span>
          </button>
          {inWechat ? <p className="text-xs text-slate-500">{t.insideWechat}</p> : null}
        </form>
        {!cancelled ? (
          <a className="mt-6 block text-center text-sm text-slate-500 underline" href={session.cancelUrl ?? checkoutPath(session.id, "", { state: "cancelled" })} data-testid="cancel">
            {t.cancel}
          </a>
        ) : null}
      </>
    );
  }
  const paid = session.status === "complete" || desktop?.kind === "paid";
  // The desktop page's QR codes count down on their own; a phone's choice of channel does here.
  const secondsLeft = !paid && desktop === null && session.status === "open" ? data.secondsLeft : null;
  return (
    <CheckoutFrame data={paid ? { ...data, session: paidSession } : data} t={t} locale={locale} paid={paid} secondsLeft={secondsLeft}>
      {body}
    </CheckoutFrame>
  );
}
