"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field, Notice } from "../../_components/ui";
import { SubmitButton } from "../../_components/client";
import type { FormState } from "@/lib/portal/form-errors";

type Initial = { id?: string; url: string; description: string; events: string[] };

/** Add and edit share one form: the URL, the event types (checkboxes, "*" for all), a description. */
export function EndpointForm({ action, initial, choices, submitLabel }: { action: (prev: FormState, form: FormData) => Promise<FormState>; initial: Initial; choices: readonly string[]; submitLabel: string }) {
  const t = useTranslations();
  const [state, formAction] = useActionState<FormState, FormData>(action, {});
  const v = { ...initial, ...(state.values ?? {}) };
  const e = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-4" noValidate data-testid="endpoint-form">
      {state.ok && state.message ? <Notice tone="success">{state.message}</Notice> : null}
      {e.form ? <Notice tone="error">{e.form}</Notice> : Object.keys(e).length > 0 ? <Notice tone="error">{t("formErrors.fixBelow")}</Notice> : null}
      {initial.id ? <input type="hidden" name="id" value={initial.id} /> : null}
      <Field label={t("endpoints.form.url")} name="url" type="url" required placeholder="https://shop.example.com/hooks" defaultValue={v.url} error={e.url} hint={t("endpoints.form.urlHint")} key={`u-${v.url}`} />
      <fieldset className="rounded-lg border border-slate-200 p-4" aria-invalid={e.events ? true : undefined}>
        <legend className="px-1 text-sm font-medium text-slate-800">{t("endpoints.form.events")}</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-2">
          {choices.map((c) => (
            <label key={c} className="inline-flex items-center gap-2 text-sm">
              <input type="checkbox" name="events" value={c} defaultChecked={initial.events.includes(c)} className="h-4 w-4 rounded border-slate-300" />
              {c === "*" ? t("endpoints.allEvents") : <code className="font-mono text-xs">{c}</code>}
            </label>
          ))}
        </div>
        {e.events ? <p className="mt-2 text-sm text-red-700">{e.events}</p> : null}
      </fieldset>
      <Field label={t("endpoints.form.description")} name="description" defaultValue={v.description} error={e.description} hint={t("endpoints.form.descriptionHint")} maxLength={512} key={`d-${v.description}`} />
      <SubmitButton pendingLabel={t("common.saving")}>{submitLabel}</SubmitButton>
    </form>
  );
}
