"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { FormState } from "@/lib/portal/form-errors";
import { Field, Notice } from "../../_components/ui";
import { SubmitButton } from "../../_components/client";
import { changeEmailAction, changePasswordAction, renameCompanyAction } from "./actions";

export function CompanyNameForm({ name }: { name: string }) {
  const t = useTranslations("account");
  const [state, action] = useActionState<FormState, FormData>(renameCompanyAction, {});
  return (
    <form action={action} className="space-y-3" aria-label={t("companyTitle")}>
      {state.ok ? <Notice tone="success">{state.message}</Notice> : null}
      <Field label={t("companyName")} name="name" required defaultValue={state.values?.name ?? name} error={state.fieldErrors?.name} hint={t("companyHint")} autoComplete="organization" />
      <SubmitButton pendingLabel={t("saving")}>{t("saveName")}</SubmitButton>
    </form>
  );
}

export function EmailForm({ email }: { email: string }) {
  const t = useTranslations("account");
  const [state, action] = useActionState<FormState, FormData>(changeEmailAction, {});
  return (
    <form action={action} className="space-y-3" aria-label={t("emailTitle")}>
      {state.ok ? <Notice tone="success">{state.message}</Notice> : null}
      <Field id="f-new-email" label={t("email")} name="email" type="email" required defaultValue={state.values?.email ?? email} error={state.fieldErrors?.email} autoComplete="email" />
      <Field id="f-email-current" label={t("currentPassword")} name="currentPassword" type="password" required error={state.fieldErrors?.currentPassword} autoComplete="current-password" />
      <SubmitButton pendingLabel={t("saving")}>{t("saveEmail")}</SubmitButton>
    </form>
  );
}

export function PasswordForm() {
  const t = useTranslations("account");
  const [state, action] = useActionState<FormState, FormData>(changePasswordAction, {});
  return (
    <form action={action} className="space-y-3" aria-label={t("passwordTitle")}>
      {state.ok ? <Notice tone="success">{state.message}</Notice> : null}
      <Field id="f-password-current" label={t("currentPassword")} name="currentPassword" type="password" required error={state.fieldErrors?.currentPassword} autoComplete="current-password" />
      <Field label={t("newPassword")} name="newPassword" type="password" required error={state.fieldErrors?.newPassword} hint={t("passwordHint")} autoComplete="new-password" />
      <SubmitButton pendingLabel={t("saving")}>{t("savePassword")}</SubmitButton>
    </form>
  );
}
