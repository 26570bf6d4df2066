"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Notice } from "../../_components/ui";
import { SubmitButton } from "../../_components/client";
import { verifyCredentialsAction, type VerifyState } from "./actions";

export function VerifyCredentials({ provider }: { provider: "alipay" | "wechatpay" }) {
  const t = useTranslations("channels.verify");
  const [state, action] = useActionState<VerifyState, FormData>(verifyCredentialsAction, {});
  return (
    <form action={action} className="mt-4 space-y-2" data-testid={`verify-${provider}`}>
      <input type="hidden" name="provider" value={provider} />
      <SubmitButton variant="secondary" pendingLabel={t("pending")}>
        {t("button")}
      </SubmitButton>
      {state.message ? <Notice tone={state.ok ? "success" : "error"}>{state.message}</Notice> : null}
    </form>
  );
}
