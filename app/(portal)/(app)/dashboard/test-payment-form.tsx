"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useState } from "react";
import { CopyButton, SubmitButton } from "../../_components/client";
import { tryTestPayment, type TestPaymentState } from "./actions";

/** The API call behind the button, for the merchant's own page: their test publishable key and the chosen goods. */
function apiCallText(base: string, publishableKey: string, goodsId: string): string {
  const body = JSON.stringify({ goodsId, quantity: 1, buyerId: "buyer-1", successUrl: "https://shop.example.com/paid" });
  // eslint-disable-next-line payrelay/no-hardcoded-text -- a shell command, the same in every language
  return `curl ${base}/api/v1/checkout-sessions \\\n  -H "Authorization: Bearer ${publishableKey}" \\\n  -H "Content-Type: application/json" \\\n  -d '${body}'`;
}

export function TestPaymentForm({ goods, api }: { goods: { id: string; label: string }[]; api: { base: string; publishableKey: string | null } }) {
  const t = useTranslations("dashboard.testPayment");
  const [state, action, pending] = useActionState<TestPaymentState, FormData>(tryTestPayment, {});
  const [goodsId, setGoodsId] = useState(goods[0]?.id ?? "");
  const call = api.publishableKey ? apiCallText(api.base, api.publishableKey, goodsId) : null;
  useEffect(() => {
    if (state.payUrl) window.location.assign(state.payUrl);
  }, [state.payUrl]);
  const error = state.fieldErrors?.goodsId;
  return (
    <>
      <form action={action} className="flex flex-col gap-3 sm:flex-row sm:items-end">
      <div className="flex-1">
        <label htmlFor="test-goods" className="block text-sm font-medium text-slate-800">
          {t("goods")}
        </label>
        <select
          id="test-goods"
          name="goodsId"
          value={goodsId}
          onChange={(e) => setGoodsId(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "test-goods-error" : undefined}
          className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
        >
          {goods.map((g) => (
            <option key={g.id} value={g.id}>
              {g.label}
            </option>
          ))}
        </select>
        {error ? (
          <p id="test-goods-error" role="alert" className="mt-1 text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </div>
      {state.payUrl && !pending ? (
        <a href={state.payUrl} className="text-sm text-indigo-700 underline">
          {t("opening")}
        </a>
      ) : (
        <SubmitButton pendingLabel={t("pending")}>{t("submit")}</SubmitButton>
      )}
      </form>
      <details className="mt-4 rounded-lg border border-slate-200 p-3 text-sm">
        <summary className="cursor-pointer font-medium text-slate-800">{t("apiTitle")}</summary>
        {call ? (
          <>
            <p className="mt-2 text-xs text-slate-600">{t("apiBody")}</p>
            <pre className="mt-2 overflow-x-auto rounded-lg bg-slate-900 p-3 font-mono text-xs text-slate-100" data-testid="api-call">
              {call}
            </pre>
            <div className="mt-2">
              <CopyButton value={call} name={t("apiCopy")} />
            </div>
          </>
        ) : (
          <p className="mt-2 text-xs text-slate-600">{t("apiNoKey")}</p>
        )}
      </details>
    </>
  );
}
