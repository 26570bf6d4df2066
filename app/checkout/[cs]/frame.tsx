import type { Locale, Messages } from "@/lib/checkout/i18n";
import type { CheckoutPageData } from "@/lib/checkout/page-data";

/**
 * The hosted checkout's card: who is paid, for what, how much, under which order number and for how
 * much longer. Server-rendered; the only script is the countdown's tick.
 */
export function CheckoutFrame({ data, t, locale, children, paid = false, secondsLeft = null }: { data: CheckoutPageData; t: Messages; locale: Locale; children: React.ReactNode; paid?: boolean; secondsLeft?: number | null }) {
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
      <dl className="mt-5 rounded-xl bg-slate-50 p-4">
        <div className="flex justify-between gap-4 text-sm">
          <dt className="shrink-0 text-slate-500">{t.goods}</dt>
          <dd data-testid="goods" className="text-right">
            {data.goodsName}
          </dd>
        </div>
        {data.goodsDescription ? (
          <div className="mt-1 flex justify-between gap-4 text-sm">
            <dt className="shrink-0 text-slate-500">{t.description}</dt>
            <dd data-testid="description" className="text-right text-slate-700">
              {data.goodsDescription}
            </dd>
          </div>
        ) : null}
        <div className="mt-1 flex justify-between gap-4 text-sm">
          <dt className="shrink-0 text-slate-500">{t.quantity}</dt>
          <dd data-testid="quantity">{data.session.quantity}</dd>
        </div>
        <div className="mt-1 flex justify-between gap-4 text-sm">
          <dt className="shrink-0 text-slate-500">{t.orderNumber}</dt>
          <dd data-testid="order-no" className="break-all text-right font-mono text-xs leading-5">
            {data.session.orderId ?? data.session.id}
          </dd>
        </div>
        <div className="mt-3 flex items-baseline justify-between">
          <dt className="text-sm text-slate-500">{paid ? t.paidAmount : t.amount}</dt>
          <dd className="text-3xl font-semibold" data-testid="amount">
            {data.amountLabel}
          </dd>
        </div>
      </dl>
      {secondsLeft !== null && secondsLeft > 0 ? <Countdown secondsLeft={secondsLeft} label={t.timeLeft} /> : null}
      <div className="mt-6">{children}</div>
    </main>
  );
}

const mmss = (seconds: number) => `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;

/** Time left to pay, counted down in the page (from when it arrived, so the buyer's clock does not matter); reloads at zero. */
function Countdown({ secondsLeft, label }: { secondsLeft: number; label: string }) {
  const script = `(function () {
  var deadline = Date.now() + ${JSON.stringify(secondsLeft * 1000)};
  var clock = document.getElementById("time-left");
  function tick() {
    var left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
    var m = Math.floor(left / 60), s = left % 60;
    if (clock) clock.textContent = (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
    if (left === 0) { window.location.reload(); return; }
    setTimeout(tick, 1000);
  }
  setTimeout(tick, 1000);
})();`;
  return (
    <p className="mt-3 text-center text-sm text-slate-500" data-testid="time-left">
      {label} <span id="time-left" className="font-mono tabular-nums">{mmss(secondsLeft)}</span>
      <script dangerouslySetInnerHTML={{ __html: script }} />
    </p>
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
