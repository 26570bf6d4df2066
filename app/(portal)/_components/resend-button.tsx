"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { SubmitButton } from "./client";
import { resendEventAction, type ResendState } from "../_actions/resend";

export function ResendButton({ eventId, orderId, label }: { eventId: string; orderId?: string | null; label?: string }) {
  const t = useTranslations("webhooks.resend");
  const [state, action] = useActionState<ResendState, FormData>(resendEventAction, {});
  return (
    <form action={action} className="inline-flex flex-wrap items-center gap-2">
      <input type="hidden" name="eventId" value={eventId} />
      {orderId ? <input type="hidden" name="orderId" value={orderId} /> : null}
      <SubmitButton variant="secondary" pendingLabel={t("sending")}>
        {label ?? t("button")}
      </SubmitButton>
      {state.message ? (
        <span role="status" data-testid="resend-result" className={`text-sm ${state.ok ? "text-emerald-700" : "text-red-700"}`}>
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
