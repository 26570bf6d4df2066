import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { loadCashierPage } from "@/lib/sandbox/cashier-actions";
import { sandboxEnabled } from "@/lib/sandbox/runtime";
import { cashierWords, fill } from "@/lib/sandbox/cashier-words";
import { negotiateLocale } from "@/lib/i18n/locales";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ trade: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** Each provider's own colours, so a tester sees at a glance whose cashier this stands in for. */
const THEME = {
  alipay: { bar: "bg-[#1677FF]", button: "bg-[#1677FF] hover:bg-[#0958d9] focus-visible:ring-[#1677FF]/50" },
  wechatpay: { bar: "bg-[#07C160]", button: "bg-[#07C160] hover:bg-[#06AD56] focus-visible:ring-[#07C160]/50" },
} as const;

const OUTCOMES = ["pay_no_notify", "notify_twice", "reject"] as const;
const REFUND_OUTCOMES = ["succeed", "fail", "notify_twice"] as const;

async function words() {
  return cashierWords(negotiateLocale((await headers()).get("accept-language"), "zh-CN"));
}

export async function generateMetadata({ params }: { params: Promise<{ trade: string }> }): Promise<Metadata> {
  const page = sandboxEnabled() ? await loadCashierPage((await params).trade) : null;
  if (!page) return {};
  const w = await words();
  return { title: `${w.provider[page.provider]} · ${page.subject}` };
}

export default async function SandboxCashier({ params, searchParams }: Props) {
  if (!sandboxEnabled()) notFound();
  const { trade } = await params;
  const query = await searchParams;
  const page = await loadCashierPage(trade);
  if (!page) notFound();
  const w = await words();
  const theme = THEME[page.provider];
  const rawRedirect = Array.isArray(query.redirect_url) ? query.redirect_url[0] : query.redirect_url;
  const redirectUrl = rawRedirect ?? "";
  const done = typeof query.done === "string" ? query.done : null;
  const error = typeof query.error === "string" ? query.error : null;
  const action = `/sandbox/pay/${encodeURIComponent(page.tradeId)}/submit`;
  // A rejected payment leaves the buyer here, as the real cashiers do, with the way back the
  // merchant gave: Alipay's quit_url, or the redirect_url WeChat H5 would return to.
  const failed = done === "reject" || page.status === "PAYERROR";
  const backUrl = page.provider === "alipay" ? page.quitUrl : /^https?:\/\//.test(redirectUrl) ? redirectUrl : null;

  return (
    <main className="mx-auto min-h-screen max-w-md bg-white pb-8 sm:my-8 sm:overflow-hidden sm:rounded-xl sm:shadow">
      <header className={`${theme.bar} px-5 py-3 text-white`}>
        <p className="text-lg font-semibold" data-testid="provider">
          {w.provider[page.provider]}
        </p>
      </header>
      <div className="px-5 pt-4">
        <p className="inline-block rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800">{w.banner}</p>
        <dl className="mt-4 space-y-2 text-sm">
          <div className="flex justify-between gap-4">
            <dt className="shrink-0 text-slate-500">{w.merchant}</dt>
            <dd data-testid="merchant" className="text-right">
              {page.merchantName || "—"}
            </dd>
          </div>
          <div className="flex justify-between gap-4">
            <dt className="shrink-0 text-slate-500">{w.subject}</dt>
            <dd data-testid="subject" className="text-right">
              {page.subject}
            </dd>
          </div>
          <div className="flex justify-between gap-4">
            <dt className="shrink-0 text-slate-500">{w.order}</dt>
            <dd className="break-all text-right font-mono text-xs">{page.outTradeNo}</dd>
          </div>
        </dl>
        <p className="mt-6 text-center text-4xl font-semibold" data-testid="amount">
          {page.amountLabel}
        </p>
        <p className="mt-2 text-center text-sm text-slate-500" data-testid="status" role="status">
          {failed ? w.failed : w.status[page.status]}
        </p>
        {failed && page.payable ? (
          <div role="alert" className="mt-4 rounded-lg bg-rose-50 px-4 py-3 text-center text-sm text-rose-700" data-testid="payment-failed">
            <p className="font-semibold">{w.failed}</p>
            <p className="mt-1">{w.failedHint}</p>
          </div>
        ) : null}
        {error ? (
          <p className="mt-3 rounded bg-red-50 px-3 py-2 text-sm text-red-700" role="alert">
            {error.replaceAll("_", " ")}
          </p>
        ) : null}

        {page.payable ? (
          <form method="post" action={action} className="mt-6 space-y-3">
            <input type="hidden" name="redirect_url" value={redirectUrl} />
            <button name="outcome" value="pay" className={`w-full rounded-lg py-3 text-base font-medium text-white focus:outline-none focus-visible:ring-2 ${theme.button}`}>
              {w.pay} {page.amountLabel}
            </button>
            {failed && backUrl ? (
              <a href={backUrl} className="block w-full rounded-lg border border-slate-300 py-2.5 text-center text-sm hover:bg-slate-50">
                {w.back}
              </a>
            ) : (
              <button name="outcome" value="cancel" className="w-full rounded-lg border border-slate-300 py-2.5 text-sm hover:bg-slate-50">
                {w.cancel}
              </button>
            )}
            <details className="mt-6 rounded-lg border border-slate-200 p-3" data-testid="developer">
              <summary className="cursor-pointer text-xs font-medium uppercase tracking-wide text-slate-500">{w.developer}</summary>
              <p className="mt-2 text-xs text-slate-500">
                {w.statusCode}: <code data-testid="status-code">{page.status}</code>
                {done ? ` · ${fill(w.done, { done })}` : ""}
              </p>
              <div className="mt-2 space-y-2">
                {OUTCOMES.map((o) => (
                  <button key={o} name="outcome" value={o} className="block w-full rounded border border-slate-200 px-3 py-2 text-left text-sm hover:bg-slate-50">
                    {w.outcomes[o][0]}
                    <span className="block text-xs text-slate-500">{w.outcomes[o][1]}</span>
                  </button>
                ))}
                <div className="flex items-center gap-2">
                  <label htmlFor="delaySeconds" className="text-sm text-slate-600">
                    {w.delay}
                  </label>
                  <input id="delaySeconds" name="delaySeconds" type="number" min={1} max={3600} defaultValue={10} className="w-20 rounded border border-slate-300 px-2 py-1 text-sm" />
                  <button name="outcome" value="notify_delayed" className="flex-1 rounded border border-slate-200 px-3 py-2 text-left text-sm hover:bg-slate-50">
                    {w.notifyDelayed}
                  </button>
                </div>
              </div>
            </details>
          </form>
        ) : (
          <p className="mt-6 text-center text-sm text-slate-600" data-testid="not-payable">
            {w.notPayable}
          </p>
        )}
        {page.refundable ? (
          <form method="post" action={action} className="mt-6">
            <input type="hidden" name="outcome" value="refund" />
            <details className="rounded-lg border border-slate-200 p-3" data-testid="refund-developer">
              <summary className="cursor-pointer text-xs font-medium uppercase tracking-wide text-slate-500">{w.refundsTitle}</summary>
              <p className="mt-2 text-xs text-slate-500" data-testid="refund-script">
                {fill(w.refundScript, { refunded: page.refundedYuan, script: page.refundScript })}
              </p>
              <div className="mt-2 space-y-2">
                {REFUND_OUTCOMES.map((o) => (
                  <button key={o} name="refund" value={o} className="block w-full rounded border border-slate-200 px-3 py-2 text-left text-sm hover:bg-slate-50">
                    {w.refunds[o]}
                  </button>
                ))}
                <div className="flex items-center gap-2">
                  <label htmlFor="refundDelaySeconds" className="text-sm text-slate-600">
                    {w.delay}
                  </label>
                  <input id="refundDelaySeconds" name="delaySeconds" type="number" min={1} max={3600} defaultValue={10} className="w-20 rounded border border-slate-300 px-2 py-1 text-sm" />
                  <button name="refund" value="processing" className="flex-1 rounded border border-slate-200 px-3 py-2 text-left text-sm hover:bg-slate-50">
                    {w.refunds.processing}
                  </button>
                </div>
              </div>
            </details>
          </form>
        ) : null}
      </div>
    </main>
  );
}
