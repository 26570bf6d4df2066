"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Notice } from "../../_components/ui";
import { CopyButton, SubmitButton } from "../../_components/client";
import { createKeyAction, type CreateKeyState } from "./actions";

export function CreateKeyForm({ livemode }: { livemode: boolean }) {
  const t = useTranslations("keys");
  const [state, action] = useActionState<CreateKeyState, FormData>(createKeyAction, {});
  return (
    <div className="space-y-4">
      {state.created ? (
        <div className="space-y-2" data-testid="created-key">
          <Notice tone="success">{t("createdKey", { kind: state.created.kind })}</Notice>
          <div className="flex items-center gap-2">
            <code className="flex-1 overflow-x-auto rounded-lg bg-slate-100 px-3 py-2 font-mono text-xs">{state.created.key}</code>
            <CopyButton value={state.created.key} />
          </div>
        </div>
      ) : null}
      {state.error ? <Notice tone="error">{state.error}</Notice> : null}
      <form action={action} className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <fieldset className="flex-1">
          <legend className="text-sm font-medium text-slate-800">{t("kindLegend", { mode: livemode ? "live" : "test" })}</legend>
          <div className="mt-2 flex flex-wrap gap-4 text-sm">
            <label className="flex items-center gap-2">
              <input type="radio" name="kind" value="secret" defaultChecked /> {t("secret")}
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="kind" value="publishable" /> {t("publishable")}
            </label>
          </div>
        </fieldset>
        <SubmitButton pendingLabel={t("creating")}>{t("create")}</SubmitButton>
      </form>
    </div>
  );
}
