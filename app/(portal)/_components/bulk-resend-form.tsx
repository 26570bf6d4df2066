"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { SubmitButton } from "./client";
import { bulkResendAction, type ResendState } from "../_actions/resend";

export function BulkResendForm({ windows }: { windows: readonly number[] }) {
  const t = useTranslations("webhooks.bulk");
  const [state, action] = useActionState<ResendState, FormData>(bulkResendAction, {});
  return (
    <form action={action} className="flex flex-wrap items-end gap-3" data-testid="bulk-resend">
      <label className="text-sm text-slate-700">
        {t("since")}
        <select name="hours" defaultValue={windows[0]} className="mt-1 block rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm">
          {windows.map((h) => (
            <option key={h} value={h}>
              {t("window", { hours: String(h) })}
            </option>
          ))}
        </select>
      </label>
      <SubmitButton variant="secondary" pendingLabel={t("sending")}>
        {t("button")}
      </SubmitButton>
      {state.message ? (
        <span role="status" data-testid="bulk-resend-result" className={`text-sm ${state.ok ? "text-emerald-700" : "text-red-700"}`}>
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
