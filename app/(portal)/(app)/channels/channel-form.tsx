"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field, Notice } from "../../_components/ui";
import { SubmitButton } from "../../_components/client";
import type { FormState } from "@/lib/portal/form-errors";

export type ChannelFieldSpec = { name: string; label: string; secret: boolean; multiline: boolean; hint?: string; placeholder?: string };

/** Live credentials. Secret fields start empty: a saved secret shows as a mask and is kept when left blank. */
export function ChannelForm({
  action,
  fields,
  initial,
  configured,
  idPrefix,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  fields: ChannelFieldSpec[];
  initial: Record<string, string>;
  configured: boolean;
  idPrefix: string;
}) {
  const t = useTranslations("channels");
  const [state, formAction] = useActionState<FormState, FormData>(action, {});
  const values = { ...initial, ...(state.values ?? {}) };
  const e = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {state.ok && state.message ? <Notice tone="success">{state.message}</Notice> : null}
      {!state.ok && state.message ? <Notice tone="warn">{state.message}</Notice> : null}
      {fields.map((f) => (
        <Field
          key={`${f.name}-${f.secret ? "" : values[f.name]}`}
          id={`${idPrefix}-${f.name}`}
          label={f.label}
          name={f.name}
          multiline={f.multiline}
          type={f.secret && !f.multiline ? "password" : "text"}
          autoComplete="off"
          defaultValue={f.secret ? "" : values[f.name]}
          placeholder={f.secret && configured ? t("savedPlaceholder") : f.placeholder}
          error={e[f.name]}
          hint={f.hint}
        />
      ))}
      <SubmitButton pendingLabel={t("checking")}>{configured ? t("saveChanges") : t("saveCredentials")}</SubmitButton>
    </form>
  );
}
