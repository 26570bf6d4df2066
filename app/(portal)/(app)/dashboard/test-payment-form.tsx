"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect } from "react";
import { SubmitButton } from "../../_components/client";
import { tryTestPayment, type TestPaymentState } from "./actions";

export function TestPaymentForm({ goods }: { goods: { id: string; label: string }[] }) {
  const t = useTranslations("dashboard.testPayment");
  const [state, action, pending] = useActionState<TestPaymentState, FormData>(tryTestPayment, {});
  useEffect(() => {
    if (state.payUrl) window.location.assign(state.payUrl);
  }, [state.payUrl]);
  const error = state.fieldErrors?.goodsId;
  return (
    <form action={action} className="flex flex-col gap-3 sm:flex-row sm:items-end">
      <div className="flex-1">
        <label htmlFor="test-goods" className="block text-sm font-medium text-slate-800">
          {t("goods")}
        </label>
        <select
          id="test-goods"
          name="goodsId"
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
  );
}
