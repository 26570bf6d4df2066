"use client";

import { useTranslations } from "next-intl";
import { startTransition, useActionState, useEffect, useRef } from "react";
import { Field, Notice, buttonStyles } from "../../_components/ui";
import type { FormState } from "@/lib/portal/form-errors";

export type ChannelFieldSpec = { name: string; label: string; secret: boolean; multiline: boolean; hint?: string; placeholder?: string };

/**
 * Live credentials. Secret fields start empty: a saved secret shows as a mask and is kept when left
 * blank. Secrets never travel back from the server, so the form is submitted without React's
 * automatic reset: a validation error leaves every key the merchant pasted where it was, and only a
 * successful save clears them. A key can also be read from its .pem file.
 */
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
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {});
  const form = useRef<HTMLFormElement>(null);
  const values = { ...initial, ...(state.values ?? {}) };
  const e = state.fieldErrors ?? {};
  useEffect(() => {
    // Saved: the secrets are stored (and never shown again), so the pasted text goes.
    if (!state.ok || !form.current) return;
    for (const f of fields) {
      const el = f.secret ? (form.current.elements.namedItem(f.name) as HTMLInputElement | HTMLTextAreaElement | null) : null;
      if (el) el.value = "";
    }
  }, [state, fields]);
  return (
    <form
      ref={form}
      className="space-y-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => formAction(data));
      }}
    >
      {state.ok && state.message ? <Notice tone="success">{state.message}</Notice> : null}
      {!state.ok && state.message ? <Notice tone="warn">{state.message}</Notice> : null}
      {fields.map((f) => (
        <div key={`${f.name}-${f.secret ? "" : values[f.name]}`}>
          <Field
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
          {f.multiline ? (
            <label className="mt-1 inline-flex cursor-pointer items-center gap-2 text-xs text-indigo-700 underline">
              <input
                type="file"
                accept=".pem,.crt,.cer,.key,.txt"
                className="sr-only"
                aria-label={t("pemUpload", { field: f.label })}
                onChange={async (change) => {
                  const file = change.currentTarget.files?.[0];
                  const target = document.getElementById(`${idPrefix}-${f.name}`) as HTMLTextAreaElement | null;
                  if (file && target) target.value = (await file.text()).slice(0, 20_000);
                }}
              />
              {t("pemUploadShort")}
            </label>
          ) : null}
        </div>
      ))}
      <button type="submit" disabled={pending} aria-disabled={pending} className={buttonStyles.primary}>
        {pending ? t("checking") : configured ? t("saveChanges") : t("saveCredentials")}
      </button>
    </form>
  );
}
