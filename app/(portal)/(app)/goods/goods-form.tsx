"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field, Notice } from "../../_components/ui";
import { SubmitButton } from "../../_components/client";
import type { FormState } from "@/lib/portal/form-errors";

type Initial = { id?: string; name: string; description: string; price: string; notifyOrderCreated: string; notifyOrderPaid: string };

/** Create and edit share one form: price in yuan, notify URLs optional. */
export function GoodsForm({ action, initial, submitLabel, priceNote }: { action: (prev: FormState, form: FormData) => Promise<FormState>; initial: Initial; submitLabel: string; priceNote?: string }) {
  const t = useTranslations();
  const [state, formAction] = useActionState<FormState, FormData>(action, {});
  const v = { ...initial, ...(state.values ?? {}) };
  const e = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-5" noValidate>
      {state.ok && state.message ? <Notice tone="success">{state.message}</Notice> : null}
      {Object.keys(e).length > 0 ? <Notice tone="error">{t("formErrors.fixBelow")}</Notice> : null}
      {initial.id ? <input type="hidden" name="id" value={initial.id} /> : null}
      <Field label={t("goods.form.name")} name="name" required defaultValue={v.name} error={e.name} hint={t("goods.form.nameHint")} maxLength={128} key={`name-${v.name}`} />
      <Field label={t("goods.form.description")} name="description" defaultValue={v.description} error={e.description} key={`d-${v.description}`} />
      <div className="max-w-xs">
        <Field
          label={t("goods.form.price")}
          name="price"
          inputMode="decimal"
          required
          placeholder="19.90"
          defaultValue={v.price}
          error={e.price}
          hint={priceNote ?? t("goods.form.priceHint")}
          key={`p-${v.price}`}
        />
      </div>
      <fieldset className="space-y-4 rounded-lg border border-slate-200 p-4">
        <legend className="px-1 text-sm font-medium text-slate-800">{t("goods.form.notifyUrls")}</legend>
        <p className="text-xs text-slate-500">{t("goods.form.notifyUrlsHint")}</p>
        <Field label={t("goods.form.orderCreated")} name="notifyOrderCreated" type="url" placeholder="https://shop.example.com/hooks/created" defaultValue={v.notifyOrderCreated} error={e.notifyOrderCreated} key={`c-${v.notifyOrderCreated}`} />
        <Field label={t("goods.form.orderPaid")} name="notifyOrderPaid" type="url" placeholder="https://shop.example.com/hooks/paid" defaultValue={v.notifyOrderPaid} error={e.notifyOrderPaid} key={`pd-${v.notifyOrderPaid}`} />
      </fieldset>
      <SubmitButton pendingLabel={t("common.saving")}>{submitLabel}</SubmitButton>
    </form>
  );
}
