import { notFound } from "next/navigation";
import { loadCashierPage } from "@/lib/sandbox/cashier-actions";
import { sandboxEnabled } from "@/lib/sandbox/runtime";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ trade: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const PROVIDER_LABEL = { alipay: "支付宝 Alipay", wechatpay: "微信支付 WeChat Pay" } as const;

const OUTCOMES = [
  { value: "pay_no_notify", label: "Pay, never notify", hint: "a missed callback: only a query finds it" },
  { value: "notify_twice", label: "Pay, notify twice", hint: "the same notification arrives twice" },
  { value: "reject", label: "Reject the payment", hint: "the buyer's payment fails" },
] as const;

const REFUND_OUTCOMES = [
  { value: "succeed", label: "Refunds succeed" },
  { value: "fail", label: "Refunds fail" },
  { value: "notify_twice", label: "Refunds succeed, notify twice" },
] as const;

export default async function SandboxCashier({ params, searchParams }: Props) {
  if (!sandboxEnabled()) notFound();
  const { trade } = await params;
  const query = await searchParams;
  const page = await loadCashierPage(trade);
  if (!page) notFound();
  const rawRedirect = Array.isArray(query.redirect_url) ? query.redirect_url[0] : query.redirect_url;
  const redirectUrl = rawRedirect ?? "";
  const done = typeof query.done === "string" ? query.done : null;
  const error = typeof query.error === "string" ? query.error : null;
  const action = `/sandbox/pay/${encodeURIComponent(page.tradeId)}/submit`;

  return (
    <main className="mx-auto min-h-screen max-w-md bg-white px-5 py-8 sm:my-8 sm:rounded-xl sm:shadow">
      <p className="inline-block rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800">
        TEST MODE · payrelay sandbox · no real money
      </p>
      <h1 className="mt-3 text-lg font-semibold">{PROVIDER_LABEL[page.provider]}</h1>
      <dl className="mt-4 space-y-2 text-sm">
        <div className="flex justify-between gap-4">
          <dt className="text-slate-500">Merchant</dt>
          <dd data-testid="merchant">{page.merchantName || "—"}</dd>
        </div>
        <div className="flex justify-between gap-4">
          <dt className="text-slate-500">Subject</dt>
          <dd data-testid="subject" className="text-right">
            {page.subject}
          </dd>
        </div>
        <div className="flex justify-between gap-4">
          <dt className="text-slate-500">Order</dt>
          <dd className="font-mono text-xs">{page.outTradeNo}</dd>
        </div>
      </dl>
      <p className="mt-6 text-center text-4xl font-semibold" data-testid="amount">
        {page.amountLabel}
      </p>
      <p className="mt-2 text-center text-sm text-slate-500" data-testid="status" role="status">
        {page.status}
        {done ? ` · done: ${done}` : ""}
      </p>
      {error ? (
        <p className="mt-3 rounded bg-red-50 px-3 py-2 text-sm text-red-700" role="alert">
          {error.replaceAll("_", " ")}
        </p>
      ) : null}

      {page.payable ? (
        <form method="post" action={action} className="mt-6 space-y-3">
          <input type="hidden" name="redirect_url" value={redirectUrl} />
          <button
            name="outcome"
            value="pay"
            className="w-full rounded-lg bg-blue-600 py-3 text-base font-medium text-white hover:bg-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-400"
          >
            Pay {page.amountLabel}
          </button>
          <button name="outcome" value="cancel" className="w-full rounded-lg border border-slate-300 py-2.5 text-sm hover:bg-slate-50">
            Cancel
          </button>
          <fieldset className="mt-6 rounded-lg border border-slate-200 p-3">
            <legend className="px-1 text-xs font-medium uppercase tracking-wide text-slate-500">Scripted outcomes</legend>
            <div className="space-y-2">
              {OUTCOMES.map((o) => (
                <button key={o.value} name="outcome" value={o.value} className="block w-full rounded border border-slate-200 px-3 py-2 text-left text-sm hover:bg-slate-50">
                  {o.label}
                  <span className="block text-xs text-slate-500">{o.hint}</span>
                </button>
              ))}
              <div className="flex items-center gap-2">
                <label htmlFor="delaySeconds" className="text-sm text-slate-600">
                  Delay (s)
                </label>
                <input id="delaySeconds" name="delaySeconds" type="number" min={1} max={3600} defaultValue={10} className="w-20 rounded border border-slate-300 px-2 py-1 text-sm" />
                <button name="outcome" value="notify_delayed" className="flex-1 rounded border border-slate-200 px-3 py-2 text-left text-sm hover:bg-slate-50">
                  Pay, notify after the delay
                </button>
              </div>
            </div>
          </fieldset>
        </form>
      ) : (
        <p className="mt-6 text-center text-sm text-slate-600" data-testid="not-payable">
          This trade can no longer be paid.
        </p>
      )}
      {page.refundable ? (
        <form method="post" action={action} className="mt-6">
          <input type="hidden" name="outcome" value="refund" />
          <fieldset className="rounded-lg border border-slate-200 p-3">
            <legend className="px-1 text-xs font-medium uppercase tracking-wide text-slate-500">Refunds of this trade</legend>
            <p className="text-xs text-slate-500" data-testid="refund-script">
              Refunded ¥{page.refundedYuan} · next refunds: {page.refundScript}
            </p>
            <div className="mt-2 space-y-2">
              {REFUND_OUTCOMES.map((o) => (
                <button key={o.value} name="refund" value={o.value} className="block w-full rounded border border-slate-200 px-3 py-2 text-left text-sm hover:bg-slate-50">
                  {o.label}
                </button>
              ))}
              <div className="flex items-center gap-2">
                <label htmlFor="refundDelaySeconds" className="text-sm text-slate-600">
                  Delay (s)
                </label>
                <input id="refundDelaySeconds" name="delaySeconds" type="number" min={1} max={3600} defaultValue={10} className="w-20 rounded border border-slate-300 px-2 py-1 text-sm" />
                <button name="refund" value="processing" className="flex-1 rounded border border-slate-200 px-3 py-2 text-left text-sm hover:bg-slate-50">
                  Stay processing, succeed after the delay
                </button>
              </div>
            </div>
          </fieldset>
        </form>
      ) : null}
    </main>
  );
}
