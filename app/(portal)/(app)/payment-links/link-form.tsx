"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field, Notice, Select } from "../../_components/ui";
import { SubmitButton } from "../../_components/client";
import type { FormState } from "@/lib/portal/form-errors";
import { createPaymentLinkAction } from "./actions";

/** A goods (those for sale), a quantity and an optional page after payment. */
export function PaymentLinkForm({ goods }: { goods: { value: string; label: string }[] }) {
  const t = useTranslations();
  const [state, formAction] = useActionState<FormState, FormData>(createPaymentLinkAction, {});
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-4" noValidate data-testid="payment-link-form">
      {state.ok && state.message ? <Notice tone="success">{state.message}</Notice> : null}
      {Object.keys(e).length > 0 ? <Notice tone="error">{e.goodsId ?? t("formErrors.fixBelow")}</Notice> : null}
      <Select label={t("paymentLinks.form.goods")} name="goodsId" options={goods} defaultValue={v.goodsId} />
      <Field label={t("paymentLinks.form.quantity")} name="quantity" inputMode="numeric" defaultValue={v.quantity ?? "1"} error={e.quantity} hint={t("paymentLinks.form.quantityHint")} key={`q-${v.quantity ?? ""}`} />
      <Field
        label={t("paymentLinks.form.successUrl")}
        name="successUrl"
        type="url"
        placeholder="https://shop.example.com/thanks"
        defaultValue={v.successUrl}
        error={e.successUrl}
        hint={t("paymentLinks.form.successUrlHint")}
        key={`s-${v.successUrl ?? ""}`}
      />
      <SubmitButton pendingLabel={t("common.saving")}>{t("paymentLinks.form.create")}</SubmitButton>
    </form>
  );
}
