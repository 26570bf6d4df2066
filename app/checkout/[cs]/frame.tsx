import type { Locale, Messages } from "@/lib/checkout/i18n";
import type { CheckoutPageData } from "@/lib/checkout/page-data";

/** The hosted checkout's card: who is paid, for what, how much. Server-rendered, no client JS. */
export function CheckoutFrame({ data, t, locale, children }: { data: CheckoutPageData; t: Messages; locale: Locale; children: React.ReactNode }) {
  return (
    <main lang={locale} className="mx-auto min-h-screen max-w-md bg-white px-5 pb-10 pt-6 sm:my-6 sm:min-h-0 sm:rounded-2xl sm:shadow">
      {!data.session.livemode ? (
        <p className="mb-4 rounded-md bg-amber-100 px-3 py-1.5 text-center text-xs font-medium text-amber-800" data-testid="test-mode">
          {t.testMode}
        </p>
      ) : null}
      <p className="text-sm text-slate-500">{t.merchant}</p>
      <h1 className="text-lg font-semibold" data-testid="merchant">
        {data.merchantName}
      </h1>
      <div className="mt-5 rounded-xl bg-slate-50 p-4">
        <div className="flex justify-between text-sm">
          <span className="text-slate-500">{t.goods}</span>
          <span data-testid="goods">{data.goodsName}</span>
        </div>
        <div className="mt-1 flex justify-between text-sm">
          <span className="text-slate-500">{t.quantity}</span>
          <span data-testid="quantity">{data.session.quantity}</span>
        </div>
        <div className="mt-3 flex items-baseline justify-between">
          <span className="text-sm text-slate-500">{t.amount}</span>
          <span className="text-3xl font-semibold" data-testid="amount">
            {data.amountLabel}
          </span>
        </div>
      </div>
      <div className="mt-6">{children}</div>
    </main>
  );
}

export function StateBox({ tone, title, hint, testId, children }: { tone: "ok" | "wait" | "bad"; title: string; hint?: string; testId: string; children?: React.ReactNode }) {
  const color = tone === "ok" ? "text-emerald-700" : tone === "bad" ? "text-rose-700" : "text-slate-700";
  return (
    <section className="text-center" data-testid={testId} role="status" aria-live="polite">
      <p className={`text-xl font-semibold ${color}`}>{title}</p>
      {hint ? <p className="mt-2 text-sm text-slate-500">{hint}</p> : null}
      {children ? <div className="mt-5">{children}</div> : null}
    </section>
  );
}
