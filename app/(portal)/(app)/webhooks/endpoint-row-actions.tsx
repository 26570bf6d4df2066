"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { buttonStyles } from "../../_components/ui";
import { SubmitButton } from "../../_components/client";
import { deleteEndpointAction, sendTestEventAction, setEndpointDisabledAction, type TestEventState } from "./endpoint-actions";

/** Send a test event and show the answer right there. */
export function TestEventButton({ id }: { id: string }) {
  const t = useTranslations("endpoints.test");
  const [state, action] = useActionState<TestEventState, FormData>(sendTestEventAction, {});
  return (
    <form action={action} className="flex flex-col items-start gap-1">
      <input type="hidden" name="id" value={id} />
      <SubmitButton variant="secondary" pendingLabel={t("sending")}>
        {t("button")}
      </SubmitButton>
      {state.message ? (
        <div role="status" data-testid="test-event-result" className={`max-w-xs text-xs ${state.ok ? "text-emerald-700" : "text-red-700"}`}>
          {state.message}
          {state.excerpt ? <div className="mt-1 line-clamp-3 break-all font-mono text-slate-600">{state.excerpt}</div> : null}
        </div>
      ) : null}
    </form>
  );
}

/** Edit, disable or enable, delete (with a confirmation). */
export function EndpointRowActions({ id, disabled }: { id: string; disabled: boolean }) {
  const t = useTranslations("endpoints");
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Link href={`/webhooks/endpoints/${id}`} className={buttonStyles.ghost}>
        {t("edit")}
      </Link>
      <form action={setEndpointDisabledAction}>
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="disabled" value={disabled ? "false" : "true"} />
        <SubmitButton variant="ghost">{disabled ? t("enable") : t("disable")}</SubmitButton>
      </form>
      {confirming ? (
        <form action={deleteEndpointAction} className="flex flex-wrap items-center gap-2 rounded-lg border border-red-200 bg-red-50 p-2 text-xs">
          <span>{t("confirmDelete")}</span>
          <input type="hidden" name="id" value={id} />
          <SubmitButton variant="danger">{t("yesDelete")}</SubmitButton>
          <button type="button" className={buttonStyles.ghost} onClick={() => setConfirming(false)}>
            {t("cancel")}
          </button>
        </form>
      ) : (
        <button type="button" className={buttonStyles.danger} onClick={() => setConfirming(true)}>
          {t("delete")}
        </button>
      )}
    </div>
  );
}
