"use server";

import { revalidatePath } from "next/cache";
import { requireMerchant } from "@/lib/auth/session";
import { bulkResendPortal, resendPortalEvent } from "@/lib/portal/webhooks";
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

/** Resend every failed delivery of a period (the webhooks page). */
export async function bulkResendAction(_prev: ResendState, form: FormData): Promise<ResendState> {
  const ctx = await requireMerchant();
  const result = await bulkResendPortal(ctx.owner, Number(form.get("hours")));
  revalidatePath("/webhooks");
  return { ok: result.ok, message: (await getMessageRenderer()).render(result.message) };
}
