"use server";

import { revalidatePath } from "next/cache";
import { requireMerchant } from "@/lib/auth/session";
import { refundFromPortal } from "@/lib/portal/refunds";
import { getMessageRenderer } from "@/i18n/server";

export type RefundFormState = { ok?: boolean; message?: string; field?: "amount" | "reason" | null };

/** The Refund button of a paid order. */
export async function refundOrderAction(_prev: RefundFormState, form: FormData): Promise<RefundFormState> {
  const ctx = await requireMerchant();
  const orderId = String(form.get("orderId") ?? "");
  const result = await refundFromPortal(ctx.owner, { orderId, amountYuan: String(form.get("amount") ?? ""), reason: String(form.get("reason") ?? "") });
  if (result.ok) revalidatePath(`/orders/${orderId}`);
  const message = (await getMessageRenderer()).render(result.message);
  return result.ok ? { ok: true, message } : { ok: false, message, field: result.field };
}
