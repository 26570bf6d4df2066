"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field, Notice } from "../../_components/ui";
import { SubmitButton } from "../../_components/client";
import { saveRedirectDomainsAction, type RedirectDomainsState } from "./actions";

/** The hosts publishable-key checkout sessions may return to, one per line. */
export function RedirectDomainsForm({ domains }: { domains: string[] }) {
  const t = useTranslations("keys");
  const [state, action] = useActionState<RedirectDomainsState, FormData>(saveRedirectDomainsAction, {});
  return (
    <form action={action} className="space-y-3" data-testid="redirect-domains">
      {state.saved ? <Notice tone="success">{t("redirectSaved")}</Notice> : null}
      <Field
        key={state.text ?? domains.join("\n")}
        label={t("redirectLabel")}
        name="domains"
        multiline
        rows={4}
        defaultValue={state.text ?? domains.join("\n")}
        placeholder={t("redirectPlaceholder")}
        hint={t("redirectHint")}
        error={state.error}
      />
      <SubmitButton pendingLabel={t("redirectSaving")}>{t("redirectSave")}</SubmitButton>
    </form>
  );
}
