"use client";

import { useActionState } from "react";
import { Field, Notice } from "../../_components/ui";
import { SubmitButton } from "../../_components/client";
import type { FormState } from "@/lib/portal/form-errors";

type Initial = { id?: string; name: string; description: string; price: string; notifyOrderCreated: string; notifyOrderPaid: string };

/** Create and edit share one form: price in yuan, notify URLs optional. */
export function GoodsForm({ action, initial, submitLabel, priceNote }: { action: (prev: FormState, form: FormData) => Promise<FormState>; initial: Initial; submitLabel: string; priceNote?: string }) {
  const [state, formAction] = useActionState<FormState, FormData>(action, {});
  const v = { ...initial, ...(state.values ?? {}) };
  const e = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-5" noValidate>
      {state.ok && state.message ? <Notice tone="success">{state.message}</Notice> : null}
      {Object.keys(e).length > 0 ? <Notice tone="error">Please correct the fields marked below.</Notice> : null}
      {initial.id ? <input type="hidden" name="id" value={initial.id} /> : null}
      <Field label="Name" name="name" required defaultValue={v.name} error={e.name} hint="Shown to the buyer on the Alipay / WeChat Pay page." maxLength={128} key={`name-${v.name}`} />
      <Field label="Description" name="description" defaultValue={v.description} error={e.description} key={`d-${v.description}`} />
      <div className="max-w-xs">
        <Field
          label="Price (¥, yuan)"
          name="price"
          inputMode="decimal"
          required
          placeholder="19.90"
          defaultValue={v.price}
          error={e.price}
          hint={priceNote ?? "For example 19.90. Stored exactly, in fen."}
          key={`p-${v.price}`}
        />
      </div>
      <fieldset className="space-y-4 rounded-lg border border-slate-200 p-4">
        <legend className="px-1 text-sm font-medium text-slate-800">Notify URLs (optional)</legend>
        <p className="text-xs text-slate-500">Where payrelay sends this goods&apos; order events, signed (Standard Webhooks). Leave empty to send none.</p>
        <Field label="Order created" name="notifyOrderCreated" type="url" placeholder="https://shop.example.com/hooks/created" defaultValue={v.notifyOrderCreated} error={e.notifyOrderCreated} key={`c-${v.notifyOrderCreated}`} />
        <Field label="Order paid" name="notifyOrderPaid" type="url" placeholder="https://shop.example.com/hooks/paid" defaultValue={v.notifyOrderPaid} error={e.notifyOrderPaid} key={`pd-${v.notifyOrderPaid}`} />
      </fieldset>
      <SubmitButton pendingLabel="Saving…">{submitLabel}</SubmitButton>
    </form>
  );
}
