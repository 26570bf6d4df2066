"use server";

import { revalidatePath } from "next/cache";
import { requireMerchant } from "@/lib/auth/session";
import { resendPortalEvent } from "@/lib/portal/webhooks";
import { getMessageRenderer } from "@/i18n/server";

export type ResendState = { ok?: boolean; message?: string };

/** Resend one event now (shared by the order page and the webhooks page). */
export async function resendEventAction(_prev: ResendState, form: FormData): Promise<ResendState> {
  const ctx = await requireMerchant();
  const result = await resendPortalEvent(ctx.owner, String(form.get("eventId") ?? ""));
  revalidatePath("/webhooks");
  const orderId = form.get("orderId");
  if (typeof orderId === "string" && orderId) revalidatePath(`/orders/${orderId}`);
  return { ok: result.ok, message: (await getMessageRenderer()).render(result.message) };
}
