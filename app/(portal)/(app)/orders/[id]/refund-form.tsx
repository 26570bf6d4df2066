"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { SubmitButton } from "../../../_components/client";
import { refundOrderAction, type RefundFormState } from "./actions";

/** The Refund button of a paid order: the amount prefilled with what is still refundable, and a reason. */
export function RefundForm({ orderId, refundableYuan }: { orderId: string; refundableYuan: string }) {
  const t = useTranslations("order.refund");
  const [state, action] = useActionState<RefundFormState, FormData>(refundOrderAction, {});
  const amountError = !state.ok && state.field === "amount" ? state.message : undefined;
  const reasonError = !state.ok && state.field === "reason" ? state.message : undefined;
  return (
    <form action={action} className="space-y-3" data-testid="refund-form">
      <input type="hidden" name="orderId" value={orderId} />
      <div>
        <label htmlFor="refund-amount" className="block text-sm font-medium text-slate-800">
          {t("amount")}
        </label>
        <input
          id="refund-amount"
          name="amount"
          inputMode="decimal"
          defaultValue={refundableYuan}
          key={refundableYuan}
          aria-invalid={amountError ? true : undefined}
          aria-describedby={amountError ? "refund-amount-error" : "refund-amount-hint"}
          className="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
        />
        <p id="refund-amount-hint" className="mt-1 text-xs text-slate-500">
          {t("amountHint", { amount: refundableYuan })}
        </p>
        {amountError ? (
          <p id="refund-amount-error" role="alert" className="mt-1 text-sm text-red-700">
            {amountError}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor="refund-reason" className="block text-sm font-medium text-slate-800">
          {t("reason")}
        </label>
        <input
          id="refund-reason"
          name="reason"
          maxLength={80}
          aria-invalid={reasonError ? true : undefined}
          className="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
        />
        {reasonError ? (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {reasonError}
          </p>
        ) : null}
      </div>
      <SubmitButton variant="danger" pendingLabel={t("working")}>
        {t("submit")}
      </SubmitButton>
      {state.message && state.ok ? (
        <p role="status" data-testid="refund-result" className="text-sm text-emerald-700">
          {state.message}
        </p>
      ) : null}
      {state.message && !state.ok && !state.field ? (
        <p role="alert" data-testid="refund-result" className="text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
