"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { usePortalFormat } from "@/i18n/hooks";
import { buttonStyles, Notice } from "../../_components/ui";
import { CopyButton } from "../../_components/client";
import { revealSecretAction, rotateSecretAction, type SecretState } from "./actions";

/** What stands in for the secret until the merchant asks to see it. */
const MASKED = `whsec_${"•".repeat(32)}`;

export function SecretPanel() {
  const t = useTranslations("webhooks.secret");
  const tc = useTranslations("common");
  const f = usePortalFormat();
  const [state, setState] = useState<SecretState>({});
  const [confirming, setConfirming] = useState(false);
  const [pending, start] = useTransition();
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <code className="min-w-0 flex-1 overflow-x-auto rounded-lg bg-slate-100 px-3 py-2 font-mono text-xs" data-testid="webhook-secret">
          {state.secret ?? MASKED}
        </code>
        {state.secret ? (
          <>
            <CopyButton value={state.secret} />
            <button type="button" className={buttonStyles.ghost} onClick={() => setState({})}>
              {t("hide")}
            </button>
          </>
        ) : (
          <button type="button" className={buttonStyles.secondary} disabled={pending} onClick={() => start(async () => setState(await revealSecretAction()))}>
            {pending ? t("revealing") : t("reveal")}
          </button>
        )}
      </div>
      {state.rotated ? (
        <Notice tone="success">{t("rotated", { until: f.dateTime(state.previousExpiresAt) })}</Notice>
      ) : null}
      {confirming ? (
        <div className="flex flex-wrap items-center gap-2 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm">
          <span>{t("confirm")}</span>
          <button
            type="button"
            className={buttonStyles.danger}
            disabled={pending}
            onClick={() =>
              start(async () => {
                setState(await rotateSecretAction());
                setConfirming(false);
              })
            }
          >
            {pending ? t("rotating") : t("yesRotate")}
          </button>
          <button type="button" className={buttonStyles.ghost} onClick={() => setConfirming(false)}>
            {tc("cancel")}
          </button>
        </div>
      ) : (
        <button type="button" className={buttonStyles.secondary} onClick={() => setConfirming(true)}>
          {t("rotate")}
        </button>
      )}
    </div>
  );
}
